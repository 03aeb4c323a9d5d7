import { ChangeDetectionStrategy, Component, computed, inject, input } from '@angular/core';
import { MatCardModule } from '@angular/material/card';
import { MatIconModule } from '@angular/material/icon';
import { RouterLink } from '@angular/router';
import type { ConsultationType } from '@carebook/shared';
import type { Doctor } from '../core/api-types';
import { Clinic } from '../core/clinic';
import { formatDay, formatTime } from './clinic-time';
import { DoctorAvatar } from './doctor-avatar';

export const CONSULTATION_LABELS: Record<ConsultationType, string> = { in_person: 'In person', video: 'Video' };
export const CONSULTATION_ICONS: Record<ConsultationType, string> = { in_person: 'apartment', video: 'videocam' };

/** "Next available: Tue 25 Nov, 09:00" in the clinic's timezone, or why there is nothing to offer. */
export function nextAvailableText(nextAvailableAt: string | null, timeZone: string, horizonDays?: number): string {
  if (nextAvailableAt) {
    return `Next available: ${formatDay(nextAvailableAt, timeZone)}, ${formatTime(nextAvailableAt, timeZone)}`;
  }
  return horizonDays === undefined ? 'No free slots at the moment' : `No free slots in the next ${horizonDays} days`;
}

/** "14 years’ experience" (nothing when unknown). */
export function experienceText(years: number | null): string {
  if (years === null || years === undefined) return '';
  if (years === 0) return 'Newly qualified';
  return years === 1 ? '1 year’s experience' : `${years} years’ experience`;
}

/** A doctor in a list: who, where, how, and when they are next free; the whole card leads to their page. */
@Component({
  selector: 'cb-doctor-card',
  imports: [DoctorAvatar, MatCardModule, MatIconModule, RouterLink],
  template: `
    @let d = doctor();
    <mat-card appearance="outlined" class="card" [attr.data-testid]="'doctor-' + d.id">
      <div class="head">
        <cb-doctor-avatar class="avatar" [name]="d.fullName" [photoUrl]="d.photoUrl" lazy />
        <div class="who">
          @if (headingLevel() === 2) {
            <h2 class="name"><a [routerLink]="['/doctors', d.id]" [queryParams]="linkParams()" class="stretched">{{ d.fullName }}</a></h2>
          } @else {
            <h3 class="name"><a [routerLink]="['/doctors', d.id]" [queryParams]="linkParams()" class="stretched">{{ d.fullName }}</a></h3>
          }
          <p class="specialty">{{ d.specialty }}</p>
          @if (experience()) {
            <p class="cb-muted small">{{ experience() }}</p>
          }
        </div>
      </div>

      <ul class="facts">
        @if (d.location) {
          <li><mat-icon aria-hidden="true">location_on</mat-icon><span>{{ d.location }}</span></li>
        }
        @if (d.languages.length) {
          <li>
            <mat-icon aria-hidden="true">translate</mat-icon>
            <span><span class="cdk-visually-hidden">Languages: </span>{{ d.languages.join(', ') }}</span>
          </li>
        }
        @if (d.consultationTypes.length) {
          <li class="types">
            <span class="cdk-visually-hidden">Consultations: </span>
            @for (type of d.consultationTypes; track type) {
              <span class="type"><mat-icon aria-hidden="true">{{ icons[type] }}</mat-icon>{{ labels[type] }}</span>
            }
          </li>
        }
      </ul>

      <div class="next" [class.none]="!d.nextAvailableAt" data-testid="next-available">
        <mat-icon aria-hidden="true">{{ d.nextAvailableAt ? 'event_available' : 'event_busy' }}</mat-icon>
        <span>{{ nextText() }}</span>
      </div>
    </mat-card>
  `,
  styles: `
    :host {
      display: block;
    }
    .card {
      position: relative;
      height: 100%;
      box-sizing: border-box;
      display: flex;
      flex-direction: column;
      gap: 12px;
      padding: 16px;
      transition: background-color 120ms, box-shadow 120ms;
    }
    .card:hover {
      background: var(--mat-sys-surface-container-low);
    }
    .card:focus-within {
      outline: 2px solid var(--mat-sys-primary);
      outline-offset: 2px;
    }
    .head {
      display: flex;
      gap: 16px;
      align-items: flex-start;
    }
    .avatar {
      font: var(--mat-sys-title-large);
    }
    .who {
      min-width: 0;
    }
    .name {
      margin: 0;
      font: var(--mat-sys-title-medium);
    }
    .name a {
      color: var(--mat-sys-on-surface);
      text-decoration: none;
    }
    .name a:focus-visible {
      outline: none;
    }
    .stretched::after {
      content: '';
      position: absolute;
      inset: 0;
      z-index: 1;
      border-radius: inherit;
    }
    .card:hover .name a {
      text-decoration: underline;
    }
    .specialty {
      margin: 2px 0 0;
      font: var(--mat-sys-body-medium);
      color: var(--mat-sys-primary);
    }
    .small {
      margin: 2px 0 0;
      font: var(--mat-sys-body-small);
    }
    .facts {
      list-style: none;
      margin: 0;
      padding: 0;
      display: flex;
      flex-direction: column;
      gap: 6px;
      font: var(--mat-sys-body-medium);
      color: var(--mat-sys-on-surface-variant);
    }
    .facts li {
      display: flex;
      align-items: center;
      gap: 8px;
    }
    .facts mat-icon {
      flex: 0 0 20px;
      font-size: 20px;
      width: 20px;
      height: 20px;
    }
    .types {
      flex-wrap: wrap;
      column-gap: 16px !important;
    }
    .type {
      display: inline-flex;
      align-items: center;
      gap: 8px;
    }
    .next {
      margin-top: auto;
      display: flex;
      align-items: center;
      gap: 8px;
      padding: 8px 12px;
      border-radius: var(--mat-sys-corner-small);
      background: var(--mat-sys-secondary-container);
      color: var(--mat-sys-on-secondary-container);
      font: var(--mat-sys-label-large);
    }
    .next:not(.none) mat-icon {
      color: var(--mat-sys-primary);
    }
    .next.none {
      background: var(--mat-sys-surface-container-high);
      color: var(--mat-sys-on-surface-variant);
    }
    .next mat-icon {
      font-size: 20px;
      width: 20px;
      height: 20px;
    }
  `,
  changeDetection: ChangeDetectionStrategy.OnPush,
})
export class DoctorCard {
  private readonly clinic = inject(Clinic);

  readonly doctor = input.required<Doctor>();
  /** The level of the doctor's name heading, to fit the page's outline. */
  readonly headingLevel = input<2 | 3>(3);
  /** A day (YYYY-MM-DD) the patient searched for: the doctor's page then opens on it. */
  readonly date = input<string | undefined>(undefined);

  protected readonly labels = CONSULTATION_LABELS;
  protected readonly icons = CONSULTATION_ICONS;
  protected readonly linkParams = computed(() => (this.date() ? { date: this.date() } : {}));
  protected readonly experience = computed(() => experienceText(this.doctor().experienceYears));
  protected readonly nextText = computed(() =>
    nextAvailableText(
      this.doctor().nextAvailableAt,
      this.clinic.timezone(),
      this.clinic.info.hasValue() ? this.clinic.info.value().bookingHorizonDays : undefined,
    ),
  );
}
