import { ChangeDetectionStrategy, Component, DestroyRef, ElementRef, afterNextRender, inject, input, signal, viewChild } from '@angular/core';

let nextId = 0;

/**
 * A patient's reason (or a decision's note), cut to a few lines so the list stays readable; when it is longer, "Show more" opens the
 * whole text in place (a button: keyboard, touch and screen readers alike) and "Show less" closes it.
 */
@Component({
  selector: 'cb-reason-text',
  template: `
    <p #text class="reason-text" [id]="id" [class.clamped]="!expanded()" [style.--lines]="lines()">{{ reason() }}</p>
    @if (overflowing() || expanded()) {
      <button type="button" class="toggle" [attr.aria-expanded]="expanded()" [attr.aria-controls]="id" (click)="expanded.set(!expanded())">
        {{ expanded() ? 'Show less' : 'Show more' }}<span class="cdk-visually-hidden"> of {{ label() }}</span>
      </button>
    }
  `,
  styles: `
    :host {
      display: block;
      min-width: 0;
    }
    .reason-text {
      margin: 0;
      font: var(--mat-sys-body-medium);
      overflow-wrap: anywhere;
      white-space: pre-line;
    }
    .clamped {
      display: -webkit-box;
      -webkit-box-orient: vertical;
      -webkit-line-clamp: var(--lines);
      line-clamp: var(--lines);
      overflow: hidden;
    }
    :host(.small) .reason-text {
      font: var(--mat-sys-body-small);
      color: var(--mat-sys-on-surface-variant);
    }
    .toggle {
      padding: 4px 0;
      border: 0;
      background: none;
      color: var(--mat-sys-primary);
      font: var(--mat-sys-label-large);
      cursor: pointer;
      text-decoration: underline;
      text-underline-offset: 2px;
    }
    .toggle:focus-visible {
      outline: 2px solid var(--mat-sys-primary);
      outline-offset: 2px;
    }
  `,
  changeDetection: ChangeDetectionStrategy.OnPush,
})
export class ReasonText {
  readonly reason = input.required<string>();
  /** Lines shown while closed. */
  readonly lines = input(2);
  /** What the text is, for the button's name to screen readers ("Show more of the reason"). */
  readonly label = input('the reason');

  protected readonly id = `cb-reason-${nextId++}`;
  protected readonly expanded = signal(false);
  /** Whether the closed text hides some of the reason (measured, as it depends on the width). */
  protected readonly overflowing = signal(false);
  private readonly text = viewChild.required<ElementRef<HTMLElement>>('text');

  constructor() {
    const destroyRef = inject(DestroyRef);
    afterNextRender(() => {
      const element = this.text().nativeElement;
      const measure = () => {
        if (!this.expanded()) this.overflowing.set(element.scrollHeight > element.clientHeight + 1);
      };
      measure();
      if (typeof ResizeObserver === 'undefined') return;
      const observer = new ResizeObserver(measure);
      observer.observe(element);
      destroyRef.onDestroy(() => observer.disconnect());
    });
  }
}
