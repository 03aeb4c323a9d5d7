import { RenderMode, ServerRoute } from '@angular/ssr';

/**
 * What the build renders ahead of time: only the welcome page, the first page a visitor sees, as a visitor
 * (nobody is signed in at build time; a signed-in person is sent on to their home once the app starts). Every
 * other page depends on who is signed in, so it is drawn in the browser from index.csr.html.
 */
export const serverRoutes: ServerRoute[] = [
  { path: '', renderMode: RenderMode.Prerender },
  { path: '**', renderMode: RenderMode.Client },
];
