import { HttpErrorResponse, type HttpInterceptorFn } from '@angular/common/http';
import { catchError, from, switchMap, throwError } from 'rxjs';

/** A blob's text (FileReader: browsers and the specs' DOM alike). */
function blobText(blob: Blob): Promise<string> {
  return new Promise((resolve, reject) => {
    const reader = new FileReader();
    reader.onload = () => resolve(typeof reader.result === 'string' ? reader.result : '');
    reader.onerror = () => reject(reader.error ?? new Error('unreadable'));
    reader.readAsText(blob);
  });
}

/** The error with its JSON body parsed, when its body is a blob holding JSON; otherwise the error as it was. */
async function readable(error: HttpErrorResponse): Promise<HttpErrorResponse> {
  if (!(error.error instanceof Blob)) return error;
  try {
    const body: unknown = JSON.parse(await blobText(error.error));
    return new HttpErrorResponse({ error: body, headers: error.headers, status: error.status, statusText: error.statusText, url: error.url ?? undefined });
  } catch {
    return error;
  }
}

/**
 * Downloads (requests for a blob) get their error body as a blob too, which describeError and serverDetails
 * cannot read: this turns a refusal's JSON body back into an object, so every download shows the API's message.
 */
export const blobErrorsInterceptor: HttpInterceptorFn = (request, next) => {
  if (request.responseType !== 'blob') return next(request);
  return next(request).pipe(
    catchError((error: unknown) =>
      error instanceof HttpErrorResponse ? from(readable(error)).pipe(switchMap((parsed) => throwError(() => parsed))) : throwError(() => error),
    ),
  );
};
