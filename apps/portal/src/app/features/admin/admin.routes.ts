import { Route } from '@angular/router';
import type { ClinicSettingsPage } from './clinic-settings/clinic-settings-page';

export const adminRoutes: Route[] = [
  {
    path: '',
    pathMatch: 'full',
    title: 'Home',
    loadComponent: () => import('./home/admin-home').then((m) => m.AdminHome),
  },
  {
    path: 'appointments',
    title: 'Appointments',
    loadComponent: () => import('./appointments/appointments-page').then((m) => m.AppointmentsPage),
  },
  {
    path: 'consultations',
    title: 'Consultation queue',
    loadComponent: () => import('../consultations/admin-consultations').then((m) => m.AdminConsultations),
  },
  {
    path: 'users',
    title: 'Users',
    loadComponent: () => import('./users/users').then((m) => m.Users),
  },
  {
    path: 'settings',
    title: 'Clinic settings',
    loadComponent: () => import('./clinic-settings/clinic-settings-page').then((m) => m.ClinicSettingsPage),
    // Unsaved changes are not lost by a stray click in the navigation.
    canDeactivate: [(page: ClinicSettingsPage) => page.canLeave()],
  },
  {
    path: 'imports',
    title: 'Import patients',
    loadComponent: () => import('./imports/imports-page').then((m) => m.ImportsPage),
  },
  {
    path: 'holidays',
    title: 'Holidays',
    loadComponent: () => import('./holidays/holidays').then((m) => m.Holidays),
  },
  {
    path: 'deliveries',
    title: 'Mail & SMS',
    loadComponent: () => import('./deliveries/deliveries-page').then((m) => m.DeliveriesPage),
  },
  {
    path: 'deliveries/:id',
    title: 'Message',
    loadComponent: () => import('./deliveries/delivery-page').then((m) => m.DeliveryPage),
  },
  {
    path: 'system',
    title: 'System',
    loadComponent: () => import('./system/system-page').then((m) => m.SystemPage),
  },
  {
    path: 'audit-log',
    title: 'Audit log',
    loadComponent: () => import('../records/audit-log-page').then((m) => m.AuditLogPage),
  },
  {
    path: 'patients/:id',
    title: 'Patient record (break-glass)',
    loadComponent: () => import('../records/patient-chart').then((m) => m.PatientChart),
  },
];
