import { TestBed } from '@angular/core/testing';
import { ActivatedRouteSnapshot, RouterStateSnapshot, UrlTree, provideRouter } from '@angular/router';
import { Role } from '@carebook/shared';
import { role, signedIn } from './guards';
import { Session } from './session';

function runRoleGuard(signedInAs: Role | null, ...allowed: Role[]): boolean | string {
  TestBed.resetTestingModule();
  TestBed.configureTestingModule({
    providers: [provideRouter([]), { provide: Session, useValue: { role: () => signedInAs } }],
  });
  const result = TestBed.runInInjectionContext(() =>
    role(...allowed)({} as ActivatedRouteSnapshot, {} as RouterStateSnapshot),
  );
  return result instanceof UrlTree ? result.toString() : (result as boolean);
}

describe('role guard', () => {
  afterEach(() => TestBed.resetTestingModule());

  it('lets an allowed role through', () => {
    expect(runRoleGuard('admin', 'admin')).toBe(true);
  });

  it('accepts any of several roles', () => {
    expect(runRoleGuard('doctor', 'patient', 'doctor')).toBe(true);
  });

  it("sends another role to its own home", () => {
    expect(runRoleGuard('patient', 'admin')).toBe('/patient');
    expect(runRoleGuard('doctor', 'admin')).toBe('/doctor');
  });

  it('sends people who are not signed in to sign in', () => {
    expect(runRoleGuard(null, 'admin')).toBe('/sign-in');
  });
});

describe('signedIn guard', () => {
  function run(signedInNow: boolean, url: string): boolean | string {
    TestBed.resetTestingModule();
    TestBed.configureTestingModule({
      providers: [provideRouter([]), { provide: Session, useValue: { isSignedIn: () => signedInNow } }],
    });
    const result = TestBed.runInInjectionContext(() => signedIn({} as ActivatedRouteSnapshot, { url } as RouterStateSnapshot));
    return result instanceof UrlTree ? result.toString() : (result as boolean);
  }

  afterEach(() => TestBed.resetTestingModule());

  it('lets signed-in people through', () => {
    expect(run(true, '/appointments/a1')).toBe(true);
  });

  it('sends others to sign in, to come back to the page they asked for', () => {
    expect(run(false, '/appointments/a1')).toBe('/sign-in?returnUrl=%2Fappointments%2Fa1');
  });
});
