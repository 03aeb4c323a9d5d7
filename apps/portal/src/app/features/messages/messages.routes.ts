import { Route } from '@angular/router';

/** The conversation list, and one conversation beside it (on a phone, instead of it). */
export const messagesRoutes: Route[] = [
  { path: '', title: 'Messages', loadComponent: () => import('./messages-page').then((m) => m.MessagesPage) },
  { path: ':id', title: 'Messages', loadComponent: () => import('./messages-page').then((m) => m.MessagesPage) },
];
