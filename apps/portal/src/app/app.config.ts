import { provideHttpClient, withInterceptors } from '@angular/common/http';
import {
  ApplicationConfig,
  inject,
  provideAppInitializer,
  provideBrowserGlobalErrorListeners,
} from '@angular/core';
import { MAT_FORM_FIELD_DEFAULT_OPTIONS } from '@angular/material/form-field';
import { provideClientHydration, withNoIncrementalHydration } from '@angular/platform-browser';
import { MatIconRegistry } from '@angular/material/icon';
import { TitleStrategy, provideRouter, withComponentInputBinding } from '@angular/router';
import { provideApiConfiguration } from '@carebook/api-client';
import { appRoutes } from './app.routes';
import { authInterceptor } from './core/auth-interceptor';
import { blobErrorsInterceptor } from './core/blob-errors-interceptor';
import { PageTitle } from './core/page-title';
import { Session } from './core/session';

export const appConfig: ApplicationConfig = {
  providers: [
    provideBrowserGlobalErrorListeners(),
    // `/` arrives prerendered (app.routes.server.ts): the app takes over that HTML instead of drawing it again.
    // Without incremental hydration, which would add an inline event-replay script that the API's
    // Content-Security-Policy (scripts from 'self' only) refuses.
    provideClientHydration(withNoIncrementalHydration()),
    provideRouter(appRoutes, withComponentInputBinding()),
    // Outermost first: a download's refusal is made readable after the auth retry has had its say.
    provideHttpClient(withInterceptors([blobErrorsInterceptor, authInterceptor])),
    // The generated paths already start with /api, served from the portal's own origin.
    provideApiConfiguration(''),
    { provide: TitleStrategy, useClass: PageTitle },
    { provide: MAT_FORM_FIELD_DEFAULT_OPTIONS, useValue: { appearance: 'outline' } },
    provideAppInitializer(() => {
      inject(MatIconRegistry).setDefaultFontSetClass('material-symbols-outlined');
    }),
    // Guards need to know who is signed in before the first navigation.
    provideAppInitializer(() => inject(Session).restore()),
  ],
};
