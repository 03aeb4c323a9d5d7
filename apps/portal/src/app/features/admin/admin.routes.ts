import { Route } from '@angular/router';

export const adminRoutes: Route[] = [
  {
    path: '',
    pathMatch: 'full',
    title: 'Home',
    loadComponent: () => import('./admin-home').then((m) => m.AdminHome),
  },
  {
    path: 'users',
    title: 'Users',
    loadComponent: () => import('./users').then((m) => m.Users),
  },
];
