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
import { Session } from '../../core/session';
import { DoctorCard } from '../../shared/doctor-card';
import { NextAppointments } from './next-appointments';
import { LoadError } from '../../shared/load-error';

const TOP_COUNT = 4;

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

/** The patient's start page: search, next appointments, browse by specialty, and the clinic's top doctors. */
@Component({
  selector: 'cb-patient-home',
  imports: [
    DoctorCard,
    LoadError,
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
  templateUrl: './patient-home.html',
  styleUrl: './patient-home.scss',
  changeDetection: ChangeDetectionStrategy.OnPush,
})
export class PatientHome {
  private readonly doctorsApi = inject(DoctorsApi);
  private readonly router = inject(Router);

  protected readonly user = inject(Session).user;
  protected readonly firstName = computed(() => this.user()?.fullName.split(/\s+/)[0] ?? '');
  protected readonly query = new FormControl('', { nonNullable: true });
  protected readonly icon = specialtyIcon;
  protected readonly topCount = TOP_COUNT;

  protected readonly specialties = rxResource({ stream: () => this.doctorsApi.listSpecialties() });
  /** Only specialties a patient can book today: a tile leading to an empty search helps nobody. */
  protected readonly specialtyList = computed(() =>
    this.specialties.hasValue() ? this.specialties.value().filter((s) => s.doctorCount > 0) : [],
  );
  /** Most completed visits first, then soonest free: the doctors other patients keep coming back to. */
  protected readonly top = rxResource({ stream: () => this.doctorsApi.listTopDoctors({ limit: TOP_COUNT }) });
  protected readonly topDoctors = computed(() => (this.top.hasValue() ? this.top.value() : []));

  protected search(event: Event): void {
    event.preventDefault();
    const q = this.query.value.trim();
    void this.router.navigate(['/doctors'], { queryParams: q ? { q } : {} });
  }

  protected placeholders(count: number): number[] {
    return Array.from({ length: count }, (_, index) => index);
  }
}
