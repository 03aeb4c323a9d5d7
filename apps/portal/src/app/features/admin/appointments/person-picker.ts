import { ChangeDetectionStrategy, Component, computed, effect, inject, input, output } from '@angular/core';
import { rxResource, toSignal } from '@angular/core/rxjs-interop';
import { FormControl, ReactiveFormsModule } from '@angular/forms';
import { MatAutocompleteModule, MatAutocompleteSelectedEvent } from '@angular/material/autocomplete';
import { MatButtonModule } from '@angular/material/button';
import { MatFormFieldModule } from '@angular/material/form-field';
import { MatIconModule } from '@angular/material/icon';
import { MatInputModule } from '@angular/material/input';
import { AdminApi } from '@carebook/api-client';
import { debounceTime, map } from 'rxjs';
import type { AdminUser } from '../../../core/api-types';

export interface PickedPerson {
  id: string;
  fullName: string;
}

/**
 * Picks one doctor or patient (or, with `personRole` 'person', anyone: admins too) by typing part of their name
 * or email (the admin user list, so suspended doctors and patients with past appointments are found too). Shows
 * `selectedName` while one is chosen.
 */
@Component({
  selector: 'cb-person-picker',
  imports: [MatAutocompleteModule, MatButtonModule, MatFormFieldModule, MatIconModule, MatInputModule, ReactiveFormsModule],
  template: `
    <mat-form-field subscriptSizing="dynamic" class="field">
      <mat-label>{{ label() }}</mat-label>
      <input
        matInput
        type="text"
        [formControl]="text"
        [matAutocomplete]="people"
        autocomplete="off"
        [placeholder]="'Any ' + personRole()"
        [attr.data-testid]="'filter-' + personRole()"
      />
      @if (selectedId()) {
        <button matIconSuffix matIconButton type="button" [attr.aria-label]="'Any ' + personRole()" (click)="clear()">
          <mat-icon>close</mat-icon>
        </button>
      } @else {
        <mat-icon matIconSuffix aria-hidden="true">{{ personRole() === 'doctor' ? 'stethoscope' : 'person' }}</mat-icon>
      }
      <mat-autocomplete #people="matAutocomplete" panelWidth="min(360px, 90vw)" (optionSelected)="choose($event)">
        @if (matches.isLoading()) {
          <mat-option disabled>Searching…</mat-option>
        } @else if (matches.error()) {
          <mat-option disabled>Could not search; try again</mat-option>
        } @else {
          @for (person of options(); track person.id) {
            <mat-option [value]="person">
              <span>{{ person.fullName }}</span>
              <span class="hint">{{ hint(person) }}</span>
            </mat-option>
          } @empty {
            @if (typed()) {
              <mat-option disabled>No {{ personRole() === 'person' ? 'one' : personRole() + 's' }} match{{ personRole() === 'person' ? 'es' : '' }} “{{ typed() }}”</mat-option>
            }
          }
        }
      </mat-autocomplete>
    </mat-form-field>
  `,
  styles: `
    :host {
      display: contents;
    }
    .field {
      flex: 1 1 200px;
    }
    .hint {
      margin-left: 8px;
      font: var(--mat-sys-body-small);
      color: var(--mat-sys-on-surface-variant);
    }
  `,
  changeDetection: ChangeDetectionStrategy.OnPush,
})
export class PersonPicker {
  private readonly adminApi = inject(AdminApi);
  readonly personRole = input.required<'doctor' | 'patient' | 'person'>();
  readonly label = input.required<string>();
  readonly selectedId = input('');
  readonly selectedName = input('');
  readonly picked = output<PickedPerson | null>();

  protected readonly text = new FormControl<string | AdminUser>('', { nonNullable: true });
  protected readonly typed = toSignal(
    this.text.valueChanges.pipe(
      debounceTime(250),
      map((value) => (typeof value === 'string' ? value.trim() : '')),
    ),
    { initialValue: '' },
  );
  protected readonly matches = rxResource({
    params: () => {
      const role = this.personRole();
      return { ...(role === 'person' ? {} : { role }), q: this.typed() || undefined, pageSize: 8 };
    },
    stream: ({ params }) => this.adminApi.listUsers(params),
  });
  protected readonly options = computed(() => (this.matches.hasValue() ? this.matches.value().items : []));

  constructor() {
    // Show the chosen person's name (or nothing) as the URL changes.
    effect(() => {
      const name = this.selectedId() ? this.selectedName() : '';
      const current = this.text.value;
      const shown = typeof current === 'string' ? current : current.fullName;
      if (shown !== name) this.text.setValue(name, { emitEvent: false });
    });
  }

  /** What tells two people of one name apart: a doctor's specialty, an email; the role too when any role is listed. */
  protected hint(person: AdminUser): string {
    const detail = person.role === 'doctor' ? (person.specialty ?? person.email) : person.email;
    return this.personRole() === 'person' ? `${person.role} · ${detail}` : detail;
  }

  protected choose(event: MatAutocompleteSelectedEvent): void {
    const person = event.option.value as AdminUser;
    this.text.setValue(person.fullName, { emitEvent: false });
    this.picked.emit({ id: person.id, fullName: person.fullName });
  }

  protected clear(): void {
    this.text.setValue('', { emitEvent: false });
    this.picked.emit(null);
  }
}
