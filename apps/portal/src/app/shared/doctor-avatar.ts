import { ChangeDetectionStrategy, Component, booleanAttribute, computed, input } from '@angular/core';

/** "AO" for "Dr Amara Okafor" (first and last name, without a title): the avatar shown when a doctor has no photo. */
export function initials(fullName: string): string {
  const words = fullName
    .replace(/^(dr|prof|professor|mr|mrs|ms|miss)\.?\s+/i, '')
    .split(/\s+/)
    .filter(Boolean);
  const picked = words.length > 1 ? [words[0], words[words.length - 1]] : words;
  return picked.map((word) => word.charAt(0).toLocaleUpperCase()).join('') || '?';
}

/**
 * A doctor's photo in a circle, or their initials where there is none. The page sizes it with
 * `--cb-avatar-size` (64px unless set) and gives the initials their font on the element.
 */
@Component({
  selector: 'cb-doctor-avatar',
  template: `
    @if (photoUrl(); as src) {
      <img [src]="src" alt="" [attr.loading]="lazy() ? 'lazy' : null" />
    } @else {
      <span class="initials" aria-hidden="true">{{ initialsOf() }}</span>
    }
  `,
  styles: `
    :host {
      display: block;
      flex: 0 0 var(--cb-avatar-size, 64px);
      width: var(--cb-avatar-size, 64px);
      height: var(--cb-avatar-size, 64px);
      border-radius: 50%;
      overflow: hidden;
      background: var(--mat-sys-surface-container-high);
    }
    img {
      display: block;
      width: 100%;
      height: 100%;
      object-fit: cover;
    }
    .initials {
      display: grid;
      place-items: center;
      height: 100%;
      background: var(--mat-sys-primary-container);
      color: var(--mat-sys-on-primary-container);
    }
  `,
  changeDetection: ChangeDetectionStrategy.OnPush,
})
export class DoctorAvatar {
  readonly name = input.required<string>();
  readonly photoUrl = input<string | null>(null);
  /** Loads the photo only when it scrolls near (for lists). */
  readonly lazy = input(false, { transform: booleanAttribute });

  protected readonly initialsOf = computed(() => initials(this.name()));
}
