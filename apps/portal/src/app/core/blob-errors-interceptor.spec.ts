import { HttpClient, HttpErrorResponse, provideHttpClient, withInterceptors } from '@angular/common/http';
import { HttpTestingController, provideHttpClientTesting } from '@angular/common/http/testing';
import { TestBed } from '@angular/core/testing';
import { firstValueFrom } from 'rxjs';
import { blobErrorsInterceptor } from './blob-errors-interceptor';

describe('blobErrorsInterceptor', () => {
  let http: HttpClient;
  let controller: HttpTestingController;

  beforeEach(() => {
    TestBed.configureTestingModule({ providers: [provideHttpClient(withInterceptors([blobErrorsInterceptor])), provideHttpClientTesting()] });
    http = TestBed.inject(HttpClient);
    controller = TestBed.inject(HttpTestingController);
  });

  afterEach(() => {
    controller.verify();
    TestBed.resetTestingModule();
  });

  async function failure(request: Promise<unknown>): Promise<HttpErrorResponse> {
    try {
      await request;
    } catch (error) {
      if (error instanceof HttpErrorResponse) return error;
      throw error;
    }
    throw new Error('the request succeeded');
  }

  it("gives a refused download's JSON body back as an object, with its status", async () => {
    const body = { statusCode: 400, message: 'reason must be at least 10 characters', details: [{ field: 'reason', message: 'must be at least 10 characters' }] };
    const answer = failure(firstValueFrom(http.get('/api/files/1', { responseType: 'blob' })));
    controller.expectOne('/api/files/1').flush(new Blob([JSON.stringify(body)], { type: 'application/json' }), { status: 400, statusText: 'Bad Request' });
    const error = await answer;
    expect(error.status).toBe(400);
    expect(error.error).toEqual(body);
  });

  it('leaves a body that is not JSON as it came, and other requests alone', async () => {
    const download = failure(firstValueFrom(http.get('/api/files/2', { responseType: 'blob' })));
    controller.expectOne('/api/files/2').flush(new Blob(['<html>Bad gateway</html>']), { status: 502, statusText: 'Bad Gateway' });
    expect((await download).error).toBeInstanceOf(Blob);

    const json = failure(firstValueFrom(http.get('/api/things')));
    controller.expectOne('/api/things').flush({ message: 'No such thing' }, { status: 404, statusText: 'Not Found' });
    expect((await json).error).toEqual({ message: 'No such thing' });
  });
});
