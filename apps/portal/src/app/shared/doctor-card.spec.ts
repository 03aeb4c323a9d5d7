import { TestBed } from '@angular/core/testing';
import { provideRouter } from '@angular/router';
import type { Doctor } from '../core/api-types';
import { Clinic } from '../core/clinic';
import { DoctorCard, experienceText, nextAvailableText, visitsText } from './doctor-card';
import { aDoctor } from '../testing/fixtures';

const amara: Doctor = aDoctor({ nextAvailableAt: '2025-11-25T09:00:00.000Z' });

describe('nextAvailableText', () => {
  it('gives the weekday, date and time in the clinic’s timezone', () => {
    const text = nextAvailableText('2025-11-25T09:00:00.000Z', 'Europe/London');
    expect(text).toMatch(/^Next available: /);
    expect(text).toContain('Tue');
    expect(text).toContain('25');
    expect(text).toContain('Nov');
    expect(text).toContain('09:00');
  });

  it('moves to the clinic’s calendar day when the zone crosses midnight', () => {
    // 23:30 UTC on Tuesday 25 November is 10:30 on Wednesday 26 November in Sydney.
    const text = nextAvailableText('2025-11-25T23:30:00.000Z', 'Australia/Sydney');
    expect(text).toContain('Wed');
    expect(text).toContain('26');
    expect(text).toContain('10:30');
  });

  it('follows daylight saving (BST) in Europe/London', () => {
    expect(nextAvailableText('2026-06-02T08:00:00.000Z', 'Europe/London')).toContain('09:00');
  });

  it('says how far ahead it looked when there is nothing free', () => {
    expect(nextAvailableText(null, 'Europe/London', 60)).toBe('No free slots in the next 60 days');
    expect(nextAvailableText(null, 'Europe/London')).toBe('No free slots at the moment');
  });
});

describe('doctor card helpers', () => {
  it('words experience', () => {
    expect(experienceText(14)).toBe('14 years’ experience');
    expect(experienceText(1)).toBe('1 year’s experience');
    expect(experienceText(0)).toBe('Newly qualified');
    expect(experienceText(null)).toBe('');
  });

  it('words completed visits', () => {
    expect(visitsText(0)).toBe('No visits completed here yet');
    expect(visitsText(1)).toBe('1 visit completed here');
    expect(visitsText(1280)).toBe('1,280 visits completed here');
  });
});

describe('DoctorCard', () => {
  function render(doctor: Doctor): HTMLElement {
    TestBed.configureTestingModule({
      providers: [
        provideRouter([]),
        {
          provide: Clinic,
          useValue: {
            timezone: () => 'Europe/London',
            info: { hasValue: () => true, value: () => ({ bookingHorizonDays: 90 }) },
          },
        },
      ],
    });
    const fixture = TestBed.createComponent(DoctorCard);
    fixture.componentRef.setInput('doctor', doctor);
    fixture.detectChanges();
    return fixture.nativeElement;
  }

  it('shows who the doctor is and links to their page', () => {
    const card = render(amara);
    const link = card.querySelector('h3 a');
    expect(link?.textContent?.trim()).toBe('Dr Amara Okafor');
    expect(link?.getAttribute('href')).toBe('/doctors/d1');
    expect(card.textContent).toContain('Cardiology');
    expect(card.textContent).toContain('14 years’ experience');
    expect(card.textContent).toContain('Central Clinic, London');
    expect(card.textContent).toContain('English, Igbo');
    expect(card.textContent).toContain('In person');
    expect(card.textContent).toContain('Video');
    expect(card.querySelector('[data-testid="next-available"]')?.textContent).toContain('Next available:');
  });

  it('opens the doctor’s page on the day searched for', () => {
    TestBed.configureTestingModule({
      providers: [
        provideRouter([]),
        { provide: Clinic, useValue: { timezone: () => 'Europe/London', info: { hasValue: () => false } } },
      ],
    });
    const fixture = TestBed.createComponent(DoctorCard);
    fixture.componentRef.setInput('doctor', amara);
    fixture.componentRef.setInput('date', '2025-11-28');
    fixture.detectChanges();
    expect((fixture.nativeElement as HTMLElement).querySelector('h3 a')?.getAttribute('href')).toBe('/doctors/d1?date=2025-11-28');
  });

  it('shows initials without a photo, and the photo when there is one', () => {
    expect(render(amara).querySelector('.initials')?.textContent?.trim()).toBe('AO');
    TestBed.resetTestingModule();
    const withPhoto = render({ ...amara, photoUrl: '/avatars/amara.svg' });
    expect(withPhoto.querySelector('img')?.getAttribute('src')).toBe('/avatars/amara.svg');
    expect(withPhoto.querySelector('.initials')).toBeNull();
  });

  it('says when nothing is free within the booking horizon', () => {
    const card = render({ ...amara, nextAvailableAt: null });
    expect(card.querySelector('[data-testid="next-available"]')?.textContent).toContain('No free slots in the next 90 days');
  });
});
