import { Route } from '@angular/router';

export const doctorDirectoryRoutes: Route[] = [
  {
    path: '',
    title: 'Find a doctor',
    loadComponent: () => import('./doctor-search').then((m) => m.DoctorSearch),
  },
  {
    path: ':id',
    title: 'Doctor',
    loadComponent: () => import('./doctor-page').then((m) => m.DoctorPage),
  },
];
