import { Route } from '@angular/router';

export const doctorWorkspaceRoutes: Route[] = [
  {
    path: '',
    pathMatch: 'full',
    title: 'Home',
    loadComponent: () => import('./doctor-home').then((m) => m.DoctorHome),
  },
  {
    path: 'requests',
    title: 'Requests',
    loadComponent: () => import('./requests-page').then((m) => m.RequestsPage),
  },
  {
    path: 'consultations',
    title: 'Instant consultations',
    loadComponent: () => import('../consultations/doctor-consultations').then((m) => m.DoctorConsultations),
  },
  {
    path: 'calendar',
    title: 'Calendar',
    loadComponent: () => import('./calendar-page').then((m) => m.CalendarPage),
  },
  {
    path: 'appointments',
    title: 'Appointments',
    loadComponent: () => import('./appointment-search').then((m) => m.AppointmentSearch),
  },
  {
    path: 'profile',
    title: 'My profile',
    loadComponent: () => import('./doctor-profile').then((m) => m.DoctorProfile),
  },
  {
    path: 'hours',
    title: 'Weekly hours',
    loadComponent: () => import('./hours-page').then((m) => m.HoursPage),
  },
  {
    path: 'time-off',
    title: 'Time off',
    loadComponent: () => import('./time-off-page').then((m) => m.TimeOffPage),
  },
  {
    path: 'patients',
    title: 'My patients',
    loadComponent: () => import('../records/my-patients').then((m) => m.MyPatients),
  },
  {
    path: 'patients/:id',
    title: 'Patient chart',
    loadComponent: () => import('../records/patient-chart').then((m) => m.PatientChart),
  },
];
