import { Route } from '@angular/router';

export const patientRoutes: Route[] = [
  {
    path: '',
    pathMatch: 'full',
    title: 'Home',
    loadComponent: () => import('./patient-home').then((m) => m.PatientHome),
  },
  {
    path: 'appointments',
    title: 'My appointments',
    loadComponent: () => import('./my-appointments').then((m) => m.MyAppointments),
  },
  {
    path: 'consultation',
    title: 'See a doctor now',
    loadComponent: () => import('../consultations/patient-consultation').then((m) => m.PatientConsultation),
  },
  {
    path: 'record',
    title: 'My health record',
    loadComponent: () => import('../records/my-record').then((m) => m.MyRecord),
  },
];
