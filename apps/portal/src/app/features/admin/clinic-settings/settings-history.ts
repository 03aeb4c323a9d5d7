import { ChangeDetectionStrategy, Component, computed, input, signal } from '@angular/core';
import { MatButtonModule } from '@angular/material/button';
import type { SettingsRevision } from '../../../core/api-types';
import { ChangeLine, describeChange } from './settings-model';
import { formatTimestamp } from '../../../shared/clinic-time';

const SHOWN_AT_FIRST = 5;

interface RevisionView {
  key: string;
  when: string;
  who: string;
  lines: ChangeLine[];
}

/** Recent changes to the clinic's rules: who, when, and each field from → to in words. */
@Component({
  selector: 'cb-settings-history',
  imports: [MatButtonModule],
  template: `
    @if (views().length === 0) {
      <p class="cb-muted empty">No changes yet. Saved changes are listed here.</p>
    } @else {
      <ol class="revisions" aria-label="Changes, newest first">
        @for (revision of shown(); track revision.key) {
          <li class="revision">
            <div class="who">
              <strong>{{ revision.who }}</strong>
              <span class="cb-muted">{{ revision.when }}</span>
            </div>
            <ul class="lines">
              @for (line of revision.lines; track $index) {
                <li>
                  <span class="label">{{ line.label }}:</span>
                  <span class="from">{{ line.from }}</span>
                  <span aria-hidden="true">→</span>
                  <span class="cdk-visually-hidden">changed to</span>
                  <span class="to">{{ line.to }}</span>
                </li>
              }
            </ul>
          </li>
        }
      </ol>
      @if (views().length > shown().length) {
        <button matButton type="button" (click)="showAll.set(true)">
          Show all {{ views().length }} changes
        </button>
      }
    }
  `,
  styles: `
    .empty {
      margin: 0;
      font: var(--mat-sys-body-medium);
    }
    .revisions {
      list-style: none;
      margin: 0;
      padding: 0;
    }
    .revision {
      padding: 8px 0;
      border-bottom: 1px solid var(--mat-sys-outline-variant);
      font: var(--mat-sys-body-medium);
    }
    .who {
      display: flex;
      flex-wrap: wrap;
      gap: 0 8px;
    }
    .lines {
      margin: 4px 0 0;
      padding-left: 18px;
    }
    .label {
      margin-right: 4px;
    }
    .from {
      color: var(--mat-sys-on-surface-variant);
      margin-right: 4px;
    }
    .to {
      margin-left: 4px;
      font-weight: 500;
    }
  `,
  changeDetection: ChangeDetectionStrategy.OnPush,
})
export class SettingsHistory {
  readonly revisions = input.required<readonly SettingsRevision[]>();
  readonly timezone = input.required<string>();
  protected readonly showAll = signal(false);

  protected readonly views = computed<RevisionView[]>(() =>
    this.revisions().map((revision, i) => ({
      key: `${revision.at}-${i}`,
      when: formatTimestamp(revision.at, this.timezone()),
      who: revision.by ?? 'Someone no longer registered',
      lines: revision.changes.flatMap(describeChange),
    })),
  );
  protected readonly shown = computed(() => (this.showAll() ? this.views() : this.views().slice(0, SHOWN_AT_FIRST)));
}
