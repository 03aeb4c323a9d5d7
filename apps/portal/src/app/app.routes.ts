import { Route } from '@angular/router';
import { guest, role, signedIn } from './core/guards';

export const appRoutes: Route[] = [
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
    path: 'forgot-password',
    title: 'Forgot password',
    canActivate: [guest],
    loadComponent: () => import('./features/auth/forgot-password').then((m) => m.ForgotPassword),
  },
  {
    // The emailed link, after "Forgot password?" or in an invitation.
    path: 'reset-password',
    title: 'Choose your password',
    canActivate: [guest],
    loadComponent: () => import('./features/auth/reset-password').then((m) => m.ResetPassword),
  },
  {
    path: '',
    loadComponent: () => import('./core/layout/shell').then((m) => m.Shell),
    children: [
      // Visitors land on the welcome page; signed-in people go to their home.
      {
        path: '',
        pathMatch: 'full',
        title: 'Welcome',
        canActivate: [guest],
        loadComponent: () => import('./features/landing/landing').then((m) => m.Landing),
      },
      // Anyone may look for a doctor and their free times; booking one asks to sign in.
      {
        path: 'doctors',
        loadChildren: () => import('./features/doctor-directory/doctor-directory.routes').then((m) => m.doctorDirectoryRoutes),
      },
      {
        path: '',
        canActivateChild: [signedIn],
        children: [
          {
            path: 'patient',
            canActivate: [role('patient')],
            loadChildren: () => import('./features/patient/patient.routes').then((m) => m.patientRoutes),
          },
          {
            path: 'appointments',
            loadChildren: () => import('./features/appointments/appointments.routes').then((m) => m.appointmentsRoutes),
          },
          {
            path: 'doctor',
            canActivate: [role('doctor')],
            loadChildren: () => import('./features/doctor-workspace/doctor-workspace.routes').then((m) => m.doctorWorkspaceRoutes),
          },
          {
            path: 'admin',
            canActivate: [role('admin')],
            loadChildren: () => import('./features/admin/admin.routes').then((m) => m.adminRoutes),
          },
          {
            path: 'messages',
            canActivate: [role('patient', 'doctor')],
            loadChildren: () => import('./features/messages/messages.routes').then((m) => m.messagesRoutes),
          },
          {
            path: 'account',
            title: 'Account',
            loadComponent: () => import('./features/account/account-page').then((m) => m.AccountPage),
          },
        ],
      },
    ],
  },
  { path: '**', redirectTo: '' },
];
