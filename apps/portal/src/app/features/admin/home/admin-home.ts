import { ChangeDetectionStrategy, Component, inject } from '@angular/core';
import { rxResource } from '@angular/core/rxjs-interop';
import { MatButtonModule } from '@angular/material/button';
import { MatCardModule } from '@angular/material/card';
import { MatIconModule } from '@angular/material/icon';
import { MatProgressBarModule } from '@angular/material/progress-bar';
import { RouterLink } from '@angular/router';
import { AdminApi, AppointmentsApi } from '@carebook/api-client';
import { forkJoin, map } from 'rxjs';
import { Session } from '../../../core/session';
import { LoadError } from '../../../shared/load-error';
import { AdminDashboard } from './dashboard';

type Counts = Record<'pendingDoctors' | 'pendingAppointments' | 'patients' | 'doctors', number>;

/** A count on the home page and where to act on it. */
interface Tile {
  id: string;
  icon: string;
  title: string;
  subtitle?: string;
  count: keyof Counts;
  link: string;
  query: Record<string, string>;
  action: string;
}

const TILES: Tile[] = [
  {
    id: 'pending-doctors',
    icon: 'pending_actions',
    title: 'Doctor applications',
    subtitle: 'Waiting for a decision',
    count: 'pendingDoctors',
    link: '/admin/users',
    query: { role: 'doctor', status: 'pending' },
    action: 'Review applications',
  },
  {
    id: 'pending-appointments',
    icon: 'event_note',
    title: 'Appointment requests',
    subtitle: 'Waiting for a doctor’s answer',
    count: 'pendingAppointments',
    link: '/admin/appointments',
    query: { status: 'pending' },
    action: 'Review requests',
  },
  { id: 'patients', icon: 'groups', title: 'Patients', count: 'patients', link: '/admin/users', query: { role: 'patient' }, action: 'View patients' },
  { id: 'doctors', icon: 'stethoscope', title: 'Doctors', count: 'doctors', link: '/admin/users', query: { role: 'doctor' }, action: 'View doctors' },
];

@Component({
  selector: 'cb-admin-home',
  imports: [AdminDashboard, LoadError, MatButtonModule, MatCardModule, MatIconModule, MatProgressBarModule, RouterLink],
  templateUrl: './admin-home.html',
  styleUrl: './admin-home.scss',
  changeDetection: ChangeDetectionStrategy.OnPush,
})
export class AdminHome {
  private readonly adminApi = inject(AdminApi);
  private readonly appointmentsApi = inject(AppointmentsApi);
  protected readonly user = inject(Session).user;
  protected readonly tiles = TILES;

  // Only the totals matter, so each count asks for a single row.
  protected readonly counts = rxResource<Counts, void>({
    stream: () =>
      forkJoin({
        pendingDoctors: this.total('doctor', 'pending'),
        patients: this.total('patient'),
        doctors: this.total('doctor'),
        pendingAppointments: this.appointmentsApi
          .listAppointments({ status: ['pending'], pageSize: 1 })
          .pipe(map((page) => page.total)),
      }),
  });

  private total(role: 'patient' | 'doctor', status?: 'pending') {
    return this.adminApi.listUsers({ role, status, pageSize: 1 }).pipe(map((page) => page.total));
  }
}
