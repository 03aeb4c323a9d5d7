import { Route } from '@angular/router';

/** One appointment's page, for its patient, its doctor and admins alike (the API decides who sees what). */
export const appointmentsRoutes: Route[] = [
  {
    path: ':id',
    title: 'Appointment',
    loadComponent: () => import('./appointment-page').then((m) => m.AppointmentPage),
  },
  { path: '', pathMatch: 'full', redirectTo: '/' },
];
