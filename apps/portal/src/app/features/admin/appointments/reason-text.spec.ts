import { TestBed } from '@angular/core/testing';
import { ReasonText } from './reason-text';

/** jsdom lays nothing out: the text's box says how much of it the clamp hides. */
function layout(scrollHeight: number, clientHeight: number): () => void {
  const proto = HTMLElement.prototype;
  const saved = [Object.getOwnPropertyDescriptor(proto, 'scrollHeight'), Object.getOwnPropertyDescriptor(proto, 'clientHeight')];
  Object.defineProperty(proto, 'scrollHeight', { configurable: true, get: () => scrollHeight });
  Object.defineProperty(proto, 'clientHeight', { configurable: true, get: () => clientHeight });
  return () => {
    for (const [name, descriptor] of [['scrollHeight', saved[0]], ['clientHeight', saved[1]]] as const) {
      if (descriptor) Object.defineProperty(proto, name, descriptor);
      else delete (proto as unknown as Record<string, unknown>)[name];
    }
  };
}

async function render(reason: string) {
  const fixture = TestBed.createComponent(ReasonText);
  fixture.componentRef.setInput('reason', reason);
  await fixture.whenStable();
  return fixture.nativeElement as HTMLElement;
}

describe('ReasonText', () => {
  let restore: () => void = () => undefined;
  afterEach(() => restore());

  it('offers "Show more" when the clamp hides part of the text, and opens it in place', async () => {
    restore = layout(120, 40);
    const el = await render('Morning stiffness in both hands lasting over an hour, swollen knuckles and a rash after sun');
    const text = el.querySelector('p') as HTMLElement;
    const button = el.querySelector('button') as HTMLButtonElement;
    expect(text.classList).toContain('clamped');
    expect(button.textContent?.trim()).toBe('Show more of the reason');
    expect(button.getAttribute('aria-expanded')).toBe('false');
    expect(button.getAttribute('aria-controls')).toBe(text.id);

    button.click();
    TestBed.tick();
    expect(text.classList).not.toContain('clamped');
    expect(button.getAttribute('aria-expanded')).toBe('true');
    expect(button.textContent?.trim()).toBe('Show less of the reason');
  });

  it('shows no button when the text fits', async () => {
    restore = layout(40, 40);
    const el = await render('Check-up');
    expect(el.querySelector('p')?.textContent).toBe('Check-up');
    expect(el.querySelector('button')).toBeNull();
  });
});
