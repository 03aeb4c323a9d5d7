import { ChangeDetectionStrategy, Component, PLATFORM_ID, computed, inject } from '@angular/core';
import { isPlatformBrowser } from '@angular/common';
import { rxResource } from '@angular/core/rxjs-interop';
import { FormControl, ReactiveFormsModule } from '@angular/forms';
import { MatButtonModule } from '@angular/material/button';
import { MatIconModule } from '@angular/material/icon';
import { Router, RouterLink } from '@angular/router';
import { DoctorsApi } from '@carebook/api-client';
import { Clinic } from '../../core/clinic';
import { formatClock, formatLocalDate } from '../../shared/clinic-time';
import { DoctorCard } from '../../shared/doctor-card';
import { SearchField } from '../../shared/search-field';
import { SectionCard } from '../../shared/section-card';

const WEEKDAYS = ['Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday', 'Sunday'];

/** The clinic's opening hours as one line a day: "08:00–12:00, 13:00–18:00" (on the clinic's clock), or "Closed". */
export function hoursByDay(windows: { weekday: number; start: string; end: string }[]): { day: string; hours: string }[] {
  return WEEKDAYS.map((day, i) => {
    const today = windows.filter((w) => w.weekday === i + 1).sort((a, b) => a.start.localeCompare(b.start));
    return { day, hours: today.length ? today.map((w) => `${formatClock(w.start)}–${formatClock(w.end)}`).join(', ') : 'Closed' };
  });
}

/** What an account here gives a patient: only what the portal does today. */
export const OFFERS = [
  { icon: 'event_available', title: 'Book online', text: 'Pick a free time with the doctor you choose; reschedule or cancel from your account.' },
  { icon: 'chat', title: 'Message your doctor', text: 'Write to a doctor you have an appointment with, and share reports or scans.' },
  { icon: 'bolt', title: 'See a doctor now', text: 'When a doctor is free, ask for an instant consultation and talk it through by message.' },
  { icon: 'folder_shared', title: 'Your health record', text: 'Keep your history, allergies and medications; see who read them; download it all.' },
] as const;

/**
 * `/` for visitors: what the clinic offers, a doctor search, who is free soon, opening hours and holidays.
 * The build prerenders it (app.routes.server.ts) without the API: what comes from the API (the clinic's name and
 * hours, the specialties, the doctors free soon) is asked for in the browser, which shows the same placeholders
 * meanwhile, so the prerendered page and the starting app agree and nothing moves when the answers arrive.
 */
@Component({
  selector: 'cb-landing',
  imports: [DoctorCard, MatButtonModule, MatIconModule, ReactiveFormsModule, RouterLink, SearchField, SectionCard],
  templateUrl: './landing.html',
  styleUrl: './landing.scss',
  changeDetection: ChangeDetectionStrategy.OnPush,
})
export class Landing {
  private readonly router = inject(Router);
  private readonly doctorsApi = inject(DoctorsApi);
  protected readonly clinic = inject(Clinic);
  private readonly browser = isPlatformBrowser(inject(PLATFORM_ID));

  protected readonly query = new FormControl('', { nonNullable: true });
  protected readonly offers = OFFERS;
  protected readonly name = computed(() => (this.clinic.info.hasValue() ? this.clinic.info.value().clinicName : 'Carebook'));
  protected readonly hours = computed(() => (this.clinic.info.hasValue() ? hoursByDay(this.clinic.info.value().workingHours) : []));
  /** Said once the clinic has told its timezone (not the browser's, nor the build machine's). */
  protected readonly hoursSubtitle = computed(() => (this.clinic.info.hasValue() ? `Times in ${this.clinic.timezone()}` : ''));
  protected readonly holidays = computed(() =>
    this.clinic.info.hasValue()
      ? this.clinic.info.value().upcomingHolidays.map((h) => ({ ...h, label: formatLocalDate(h.date, { weekday: 'short', day: 'numeric', month: 'long' }) }))
      : [],
  );

  /** Only specialties someone can be booked in. */
  protected readonly specialties = rxResource({ params: () => this.inBrowser(), stream: () => this.doctorsApi.listSpecialties() });
  /** Loading, or not asked yet (the prerender): the row keeps its height. */
  protected readonly specialtiesPending = computed(() => this.specialties.isLoading() || this.specialties.status() === 'idle');
  protected readonly bookableSpecialties = computed(() =>
    this.specialties.hasValue() ? this.specialties.value().filter((s) => s.doctorCount > 0) : [],
  );
  /** As many placeholders as doctors asked for below. */
  protected readonly placeholders = [0, 1, 2, 3];
  protected readonly soon = rxResource({ params: () => this.inBrowser(), stream: () => this.doctorsApi.listDoctors({ sort: 'nextAvailable', pageSize: 4 }) });
  protected readonly soonPending = computed(() => this.soon.isLoading() || this.soon.status() === 'idle');
  protected readonly soonDoctors = computed(() => (this.soon.hasValue() ? this.soon.value().items.filter((d) => d.nextAvailableAt) : []));

  /** A resource's parameters: none (not asked) while prerendering. */
  private inBrowser(): true | undefined {
    return this.browser ? true : undefined;
  }

  protected search(): void {
    const q = this.query.value.trim();
    void this.router.navigate(['/doctors'], { queryParams: q ? { q } : {} });
  }
}
