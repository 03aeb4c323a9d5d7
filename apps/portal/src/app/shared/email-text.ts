import { ChangeDetectionStrategy, Component, computed, input } from '@angular/core';

/**
 * An email address split where a line may break between its words: before the `@` and after each dot, hyphen,
 * underscore or plus. `<wbr>` adds those break points without adding characters, so copying the address copies
 * it whole; a single part still too long for its box breaks anywhere (`.cb-email`).
 */
export function emailParts(email: string): string[] {
  return email.split(/(?=@)|(?<=[._+-])/).filter((part) => part.length > 0);
}

@Component({
  selector: 'cb-email-text',
  template: `@for (part of parts(); track $index) {@if (!$first) {<wbr />}{{ part }}}`,
  host: { class: 'cb-email' },
  changeDetection: ChangeDetectionStrategy.OnPush,
})
export class EmailText {
  readonly email = input.required<string>();
  protected readonly parts = computed(() => emailParts(this.email()));
}
