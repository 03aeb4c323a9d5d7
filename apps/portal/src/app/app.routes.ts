import { Route } from '@angular/router';
import { guest, role, signedIn, toHome } from './core/guards';

export const appRoutes: Route[] = [
  { path: '', pathMatch: 'full', canActivate: [toHome], children: [] },
  {
    path: 'sign-in',
    title: 'Sign in',
    canActivate: [guest],
    loadComponent: () => import('./features/auth/sign-in').then((m) => m.SignIn),
  },
  {
    path: 'register',
    title: 'Create account',
    canActivate: [guest],
    loadComponent: () => import('./features/auth/register').then((m) => m.Register),
  },
  {
    path: '',
    canActivate: [signedIn],
    loadComponent: () => import('./core/layout/shell').then((m) => m.Shell),
    children: [
      {
        path: 'patient',
        title: 'Home',
        canActivate: [role('patient')],
        loadComponent: () => import('./features/patient/patient-home').then((m) => m.PatientHome),
      },
      {
        path: 'doctor',
        title: 'Home',
        canActivate: [role('doctor')],
        loadComponent: () => import('./features/doctor/doctor-home').then((m) => m.DoctorHome),
      },
      {
        path: 'admin',
        canActivate: [role('admin')],
        loadChildren: () => import('./features/admin/admin.routes').then((m) => m.adminRoutes),
      },
      {
        path: 'account',
        title: 'Account',
        loadComponent: () => import('./features/account/account-page').then((m) => m.AccountPage),
      },
    ],
  },
  { path: '**', redirectTo: '' },
];
