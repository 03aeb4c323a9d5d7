import { afterSignIn, safeReturnUrl } from './return-url';

describe('safeReturnUrl', () => {
  it('keeps paths inside the portal, with their query', () => {
    expect(safeReturnUrl('/doctors/d1?date=2030-03-04&slot=2030-03-04T09:00:00.000Z')).toBe('/doctors/d1?date=2030-03-04&slot=2030-03-04T09:00:00.000Z');
    expect(safeReturnUrl('/appointments/a1')).toBe('/appointments/a1');
  });

  it('refuses other sites, odd schemes and the sign-in pages themselves', () => {
    for (const value of ['https://evil.example/', '//evil.example', '/\\evil.example', 'javascript:alert(1)', '/sign-in', '/register?returnUrl=/x', '', null, 42]) {
      expect(safeReturnUrl(value)).toBeNull();
    }
  });
});

describe('afterSignIn', () => {
  it('goes back where sign-in was asked for, else to the role’s home', () => {
    expect(afterSignIn('patient', '/doctors/d1')).toBe('/doctors/d1');
    expect(afterSignIn('doctor', 'https://evil.example')).toBe('/doctor');
    expect(afterSignIn('admin', null)).toBe('/admin');
  });
});
