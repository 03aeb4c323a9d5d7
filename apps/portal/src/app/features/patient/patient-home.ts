import { ChangeDetectionStrategy, Component, computed, inject } from '@angular/core';
import { rxResource } from '@angular/core/rxjs-interop';
import { FormControl, ReactiveFormsModule } from '@angular/forms';
import { MatButtonModule } from '@angular/material/button';
import { MatCardModule } from '@angular/material/card';
import { MatFormFieldModule } from '@angular/material/form-field';
import { MatIconModule } from '@angular/material/icon';
import { MatInputModule } from '@angular/material/input';
import { MatProgressBarModule } from '@angular/material/progress-bar';
import { Router, RouterLink } from '@angular/router';
import { DoctorsApi } from '@carebook/api-client';
import { describeError } from '../../core/api-error';
import { Session } from '../../core/session';
import { DoctorCard } from '../../shared/doctor-card';
import { NextAppointments } from './next-appointments';

const FEATURED_COUNT = 4;

const SPECIALTY_ICONS: [RegExp, string][] = [
  [/cardio/i, 'cardiology'],
  [/dermat/i, 'dermatology'],
  [/endocrin|diabet/i, 'endocrinology'],
  [/family|general/i, 'stethoscope'],
  [/gastro/i, 'gastroenterology'],
  [/neuro/i, 'neurology'],
  [/obstet|gyn/i, 'gynecology'],
  [/ophthalm|eye/i, 'ophthalmology'],
  [/orthop/i, 'orthopedics'],
  [/p(a)?ediat/i, 'pediatrics'],
  [/psychiat|mental/i, 'psychiatry'],
  [/pulmo|respir|lung/i, 'pulmonology'],
];

/** A Material Symbol for a specialty's name; a generic one for names it does not know. */
export function specialtyIcon(name: string): string {
  return SPECIALTY_ICONS.find(([pattern]) => pattern.test(name))?.[1] ?? 'medical_services';
}

/** The patient's start page: search, browse by specialty, and doctors free soonest. */
@Component({
  selector: 'cb-patient-home',
  imports: [
    DoctorCard,
    MatButtonModule,
    MatCardModule,
    MatFormFieldModule,
    MatIconModule,
    MatInputModule,
    MatProgressBarModule,
    NextAppointments,
    ReactiveFormsModule,
    RouterLink,
  ],
  template: `
    <section class="cb-page cb-stack home">
      <div class="hero">
        <h1 class="hero-title">Welcome, {{ firstName() }}</h1>
        <p class="hero-lead">Find the right doctor and book a time that suits you.</p>
        <form class="hero-search" role="search" aria-label="Find a doctor" (submit)="search($event)">
          <mat-form-field subscriptSizing="dynamic" class="hero-field">
            <mat-label>Doctor’s name or specialty</mat-label>
            <mat-icon matIconPrefix aria-hidden="true">search</mat-icon>
            <input matInput type="search" [formControl]="query" autocomplete="off" data-testid="home-search" />
          </mat-form-field>
          <button matButton="filled" type="submit" class="hero-button">Search</button>
        </form>
      </div>

      <cb-next-appointments />

      <section aria-labelledby="specialties-title">
        <div class="section-head">
          <h2 id="specialties-title" class="section-title">Browse by specialty</h2>
        </div>
        @if (specialties.error()) {
          <p class="cb-muted inline-state" role="alert">
            Specialties could not be loaded.
            <button matButton type="button" (click)="specialties.reload()">Retry</button>
          </p>
        } @else if (specialties.isLoading()) {
          <ul class="tiles" aria-hidden="true">
            @for (placeholder of placeholders(8); track placeholder) {
              <li><span class="tile skeleton"></span></li>
            }
          </ul>
        } @else if (specialtyList().length === 0) {
          <p class="cb-muted">No doctors are taking appointments yet.</p>
        } @else {
          <ul class="tiles">
            @for (specialty of specialtyList(); track specialty.id) {
              <li>
                <a class="tile" routerLink="/doctors" [queryParams]="{ specialty: specialty.name }">
                  <mat-icon aria-hidden="true">{{ icon(specialty.name) }}</mat-icon>
                  <span class="tile-text">
                    <span>{{ specialty.name }}</span>
                    <span class="tile-count">{{ specialty.doctorCount === 1 ? '1 doctor' : specialty.doctorCount + ' doctors' }}</span>
                  </span>
                </a>
              </li>
            }
          </ul>
        }
      </section>

      <section aria-labelledby="featured-title">
        <div class="section-head">
          <h2 id="featured-title" class="section-title">Available soon</h2>
          <a matButton routerLink="/doctors">
            See all doctors
            <mat-icon iconPositionEnd aria-hidden="true">arrow_forward</mat-icon>
          </a>
        </div>
        @if (featured.error(); as error) {
          <div class="cb-state cb-state-compact" role="alert">
            <mat-icon aria-hidden="true">error</mat-icon>
            <p>Doctors could not be loaded. {{ describeError(error) }}</p>
            <button matButton="outlined" type="button" (click)="featured.reload()">Retry</button>
          </div>
        } @else if (featured.isLoading() && !featured.hasValue()) {
          <mat-progress-bar mode="indeterminate" aria-label="Loading doctors" />
          <ul class="doctors" aria-hidden="true">
            @for (placeholder of placeholders(featuredCount); track placeholder) {
              <li><span class="card-skeleton skeleton"></span></li>
            }
          </ul>
        } @else if (featuredDoctors().length === 0) {
          <div class="cb-state cb-state-compact" data-testid="featured-empty">
            <mat-icon aria-hidden="true">event_busy</mat-icon>
            <p>No doctor has free times coming up. Please check back soon.</p>
          </div>
        } @else {
          <ul class="doctors" aria-label="Doctors available soon">
            @for (doctor of featuredDoctors(); track doctor.id) {
              <li><cb-doctor-card [doctor]="doctor" [headingLevel]="3" /></li>
            }
          </ul>
        }
      </section>

      <mat-card appearance="outlined" class="account">
        <mat-card-header>
          <mat-icon mat-card-avatar aria-hidden="true">account_circle</mat-icon>
          <mat-card-title><h2 class="card-title">Your account</h2></mat-card-title>
          <mat-card-subtitle>Signed in as {{ user()?.email }}</mat-card-subtitle>
        </mat-card-header>
        <mat-card-content>
          <p>Keep your contact details up to date so the clinic can reach you.</p>
        </mat-card-content>
        <mat-card-actions>
          <a matButton routerLink="/account">Review my account</a>
        </mat-card-actions>
      </mat-card>
    </section>
  `,
  styles: `
    .home {
      gap: 32px;
    }
    .hero {
      padding: 28px 24px;
      border-radius: var(--mat-sys-corner-extra-large);
      background: var(--mat-sys-primary-container);
      color: var(--mat-sys-on-primary-container);
    }
    .hero-title {
      margin: 0;
      font: var(--mat-sys-headline-medium);
    }
    .hero-lead {
      margin: 4px 0 20px;
      font: var(--mat-sys-body-large);
    }
    .hero-search {
      display: flex;
      gap: 12px;
      align-items: center;
      max-width: 680px;
    }
    .hero-field {
      flex: 1;
      --mat-form-field-outlined-container-color: var(--mat-sys-surface);
      background: var(--mat-sys-surface);
      border-radius: var(--mat-sys-corner-extra-small);
    }
    .hero-button {
      height: 56px;
      padding: 0 28px;
    }
    .section-head {
      display: flex;
      align-items: center;
      justify-content: space-between;
      gap: 8px;
      margin-bottom: 12px;
    }
    .section-title {
      margin: 0;
      font: var(--mat-sys-title-large);
    }
    .tiles,
    .doctors {
      list-style: none;
      margin: 0;
      padding: 0;
      display: grid;
      gap: 12px;
    }
    .tiles {
      grid-template-columns: repeat(auto-fill, minmax(160px, 1fr));
    }
    .tile {
      display: flex;
      align-items: center;
      gap: 10px;
      height: 100%;
      min-height: 56px;
      box-sizing: border-box;
      padding: 12px 14px;
      border-radius: var(--mat-sys-corner-medium);
      border: 1px solid var(--mat-sys-outline-variant);
      background: var(--mat-sys-surface-container-low);
      color: var(--mat-sys-on-surface);
      font: var(--mat-sys-label-large);
      text-decoration: none;
    }
    .tile-text {
      display: flex;
      flex-direction: column;
      gap: 2px;
    }
    .tile-count {
      color: var(--mat-sys-on-surface-variant);
      font: var(--mat-sys-body-small);
    }
    a.tile:hover {
      background: var(--mat-sys-secondary-container);
      color: var(--mat-sys-on-secondary-container);
    }
    a.tile:focus-visible {
      outline: 2px solid var(--mat-sys-primary);
      outline-offset: 2px;
    }
    .tile mat-icon {
      flex: 0 0 auto;
      color: var(--mat-sys-primary);
    }
    .tile span {
      min-width: 0;
      overflow-wrap: break-word;
    }
    .doctors {
      grid-template-columns: minmax(0, 1fr);
      gap: 16px;
    }
    .skeleton {
      display: block;
      background: var(--mat-sys-surface-container-high);
      border-color: transparent;
    }
    .card-skeleton {
      height: 220px;
      border-radius: var(--mat-sys-corner-medium);
    }
    .inline-state {
      margin: 0;
    }
    .card-title {
      margin: 0;
      font: inherit;
    }
    @media (min-width: 700px) {
      .doctors {
        grid-template-columns: repeat(2, minmax(0, 1fr));
      }
    }
    @media (max-width: 599px) {
      .hero {
        padding: 20px 16px;
      }
      .hero-search {
        flex-direction: column;
        align-items: stretch;
      }
      .hero-button {
        height: 48px;
      }
      .tiles {
        grid-template-columns: repeat(2, minmax(0, 1fr));
        gap: 8px;
      }
      .tile {
        flex-direction: column;
        justify-content: center;
        gap: 4px;
        padding: 12px 8px;
        text-align: center;
      }
    }
  `,
  changeDetection: ChangeDetectionStrategy.OnPush,
})
export class PatientHome {
  private readonly doctorsApi = inject(DoctorsApi);
  private readonly router = inject(Router);

  protected readonly user = inject(Session).user;
  protected readonly firstName = computed(() => this.user()?.fullName.split(/\s+/)[0] ?? '');
  protected readonly query = new FormControl('', { nonNullable: true });
  protected readonly describeError = describeError;
  protected readonly icon = specialtyIcon;
  protected readonly featuredCount = FEATURED_COUNT;

  protected readonly specialties = rxResource({ stream: () => this.doctorsApi.listSpecialties() });
  /** Only specialties a patient can book today: a tile leading to an empty search helps nobody. */
  protected readonly specialtyList = computed(() =>
    this.specialties.hasValue() ? this.specialties.value().filter((s) => s.doctorCount > 0) : [],
  );
  protected readonly featured = rxResource({
    stream: () => this.doctorsApi.listDoctors({ sort: 'nextAvailable', page: 1, pageSize: FEATURED_COUNT }),
  });
  /** Only doctors with a free time: "available soon" promises one. */
  protected readonly featuredDoctors = computed(() =>
    this.featured.hasValue() ? this.featured.value().items.filter((doctor) => doctor.nextAvailableAt !== null) : [],
  );

  protected search(event: Event): void {
    event.preventDefault();
    const q = this.query.value.trim();
    void this.router.navigate(['/doctors'], { queryParams: q ? { q } : {} });
  }

  protected placeholders(count: number): number[] {
    return Array.from({ length: count }, (_, index) => index);
  }
}
