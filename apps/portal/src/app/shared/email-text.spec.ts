import { TestBed } from '@angular/core/testing';
import { EmailText, emailParts } from './email-text';

describe('emailParts', () => {
  it('splits before the @ and after dots, hyphens, underscores and pluses', () => {
    expect(emailParts('maria.gonzalez-lopez+clinic@long-hospital.example.org')).toEqual([
      'maria.',
      'gonzalez-',
      'lopez+',
      'clinic',
      '@long-',
      'hospital.',
      'example.',
      'org',
    ]);
  });

  it('keeps an address without separators whole', () => {
    expect(emailParts('someone@localhost')).toEqual(['someone', '@localhost']);
    expect(emailParts('')).toEqual([]);
  });
});

describe('EmailText', () => {
  it('shows the whole address, with break points between its words only', () => {
    const fixture = TestBed.createComponent(EmailText);
    fixture.componentRef.setInput('email', 'amara.okafor@carebook.example');
    fixture.detectChanges();
    const host = fixture.nativeElement as HTMLElement;
    expect(host.textContent).toBe('amara.okafor@carebook.example');
    expect(host.querySelectorAll('wbr')).toHaveLength(3);
    expect(host.classList).toContain('cb-email');
    TestBed.resetTestingModule();
  });
});
