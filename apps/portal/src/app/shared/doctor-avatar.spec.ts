import { TestBed } from '@angular/core/testing';
import { DoctorAvatar, initials } from './doctor-avatar';

describe('initials', () => {
  it('takes the first and last name, without the title', () => {
    expect(initials('Dr Amara Okafor')).toBe('AO');
    expect(initials('Dr. Sofía Álvarez García')).toBe('SG');
    expect(initials('Prof Kenji')).toBe('K');
    expect(initials('élodie martin')).toBe('ÉM');
    expect(initials('Dr. Jean-Luc de la Cruz')).toBe('JC');
    expect(initials('Madonna')).toBe('M');
  });

  it('has a placeholder for a name not typed yet', () => {
    expect(initials('')).toBe('?');
    expect(initials('  ')).toBe('?');
  });
});

describe('DoctorAvatar', () => {
  function render(inputs: { name: string; photoUrl?: string | null; lazy?: boolean }): HTMLElement {
    const fixture = TestBed.createComponent(DoctorAvatar);
    for (const [key, value] of Object.entries(inputs)) fixture.componentRef.setInput(key, value);
    fixture.detectChanges();
    return fixture.nativeElement as HTMLElement;
  }

  afterEach(() => TestBed.resetTestingModule());

  it('shows the initials, hidden from screen readers, when there is no photo', () => {
    const avatar = render({ name: 'Dr Amara Okafor', photoUrl: null });
    const letters = avatar.querySelector('.initials');
    expect(letters?.textContent?.trim()).toBe('AO');
    expect(letters?.getAttribute('aria-hidden')).toBe('true');
    expect(avatar.querySelector('img')).toBeNull();
  });

  it('shows the photo as decoration (the name is written beside it)', () => {
    const img = render({ name: 'Dr Amara Okafor', photoUrl: '/avatars/amara.svg' }).querySelector('img');
    expect(img?.getAttribute('src')).toBe('/avatars/amara.svg');
    expect(img?.getAttribute('alt')).toBe('');
    expect(img?.hasAttribute('loading')).toBe(false);
  });

  it('loads the photo lazily in lists', () => {
    const img = render({ name: 'Dr Amara Okafor', photoUrl: '/avatars/amara.svg', lazy: true }).querySelector('img');
    expect(img?.getAttribute('loading')).toBe('lazy');
  });
});
