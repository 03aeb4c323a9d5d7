import { DOCUMENT } from '@angular/common';
import { HttpTestingController } from '@angular/common/http/testing';
import { Directive, input } from '@angular/core';
import { type ComponentFixture, TestBed } from '@angular/core/testing';
import { provideRouter } from '@angular/router';
import type { SystemHealth } from '@carebook/api-client';
import { NgxEchartsDirective } from 'ngx-echarts';
import { apiTesting } from '../../../testing/fixtures';
import type { SystemPage as Page } from './system-page';
import { describeSeries, formatDuration, formatMs, formatShare } from './system-format';

// ECharts ships ES modules only and draws with a real layout: the spec checks what the page gives it instead.
jest.mock('echarts/core', () => ({ use: jest.fn() }));
jest.mock('echarts/charts', () => ({ LineChart: {} }));
jest.mock('echarts/components', () => ({ GridComponent: {}, TooltipComponent: {} }));
jest.mock('echarts/renderers', () => ({ SVGRenderer: {} }));
// Loaded after the mocks above are registered (an import would run first).
let SystemPage: typeof Page;
let REFRESH_MS: number;
beforeAll(async () => {
  ({ SystemPage, REFRESH_MS } = await import('./system-page'));
});


// eslint-disable-next-line @angular-eslint/directive-selector -- stands in for ngx-echarts' own selector
@Directive({ selector: '[echarts]' })
class FakeChart {
  readonly options = input<unknown>();
}

const HEALTH: SystemHealth = {
  instance: { id: 'api-host-4242', startedAt: '2026-12-04T08:00:00.000Z', uptimeSeconds: 7260 },
  window: { seconds: 61.2, from: '2026-12-04T10:00:00.000Z', to: '2026-12-04T10:01:01.200Z', sampleSeconds: 5 },
  http: { requests: 183, requestsPerSecond: 2.99, p50Ms: 4.2, p95Ms: 21.7, p99Ms: 48.3, errorRate: 0, clientErrorRate: 0.0109 },
  eventLoop: { p50Ms: 10.1, p99Ms: 12.4, maxMs: 30.2 },
  memory: { rssBytes: 180 * 1024 * 1024, heapUsedBytes: 90 * 1024 * 1024, heapTotalBytes: 120 * 1024 * 1024 },
  database: { used: 1, idle: 2, waiting: 0, max: 10 },
  sockets: { connected: 12 },
  deliveries: { queued: 3, retrying: 1, failed: 2, sent: 1520, oldestQueuedSeconds: 95 },
  series: [
    { at: '2026-12-04T10:00:55.000Z', requestsPerSecond: 2, p95Ms: 20, errorRate: 0, eventLoopP99Ms: 11, heapUsedBytes: 88 * 1024 * 1024, rssBytes: 1 },
    { at: '2026-12-04T10:01:00.000Z', requestsPerSecond: 4, p95Ms: null, errorRate: null, eventLoopP99Ms: 12, heapUsedBytes: 90 * 1024 * 1024, rssBytes: 1 },
  ],
};

describe('SystemPage', () => {
  let fixture: ComponentFixture<Page>;
  let http: HttpTestingController;
  let hidden: boolean;

  beforeEach(() => {
    jest.useFakeTimers({ advanceTimers: true });
    hidden = false;
    TestBed.configureTestingModule({ imports: [SystemPage], providers: [...apiTesting(), provideRouter([])] });
    TestBed.overrideComponent(SystemPage, { remove: { imports: [NgxEchartsDirective] }, add: { imports: [FakeChart] } });
    const document = TestBed.inject(DOCUMENT);
    Object.defineProperty(document, 'visibilityState', { configurable: true, get: () => (hidden ? 'hidden' : 'visible') });
    http = TestBed.inject(HttpTestingController);
    fixture = TestBed.createComponent(SystemPage);
    fixture.detectChanges();
  });

  afterEach(() => {
    http.verify();
    jest.useRealTimers();
  });

  /** Lets the page send what it has to send, and draw what it has. */
  const settle = async () => {
    await jest.advanceTimersByTimeAsync(0);
    TestBed.tick();
  };
  const answer = async (body: SystemHealth = HEALTH) => {
    await settle();
    http.expectOne('/api/admin/system').flush(body);
    await settle();
  };
  const text = () => (fixture.nativeElement as HTMLElement).textContent ?? '';
  const setHidden = async (value: boolean) => {
    hidden = value;
    TestBed.inject(DOCUMENT).dispatchEvent(new Event('visibilitychange'));
    await settle();
  };

  it('shows every figure with its unit, and each chart with a text alternative', async () => {
    await answer();
    const el = fixture.nativeElement as HTMLElement;
    expect(el.querySelector('[data-testid=request-rate]')?.textContent).toBe('3.0/s');
    expect(el.querySelector('[data-testid=latency-p95]')?.textContent).toBe('22 ms');
    expect(el.querySelector('[data-testid=sockets]')?.textContent).toBe('12');
    expect(el.querySelector('[data-testid=deliveries-failed]')?.textContent).toBe('2');
    expect(text()).toContain('api-host-4242');
    expect(text()).toContain('up 2 h 1 min');
    expect(text()).toContain('1 of 10');
    expect(text()).toContain('1 min');
    const charts = [...el.querySelectorAll('[echarts]')];
    expect(charts).toHaveLength(4);
    for (const chart of charts) {
      expect(chart.getAttribute('role')).toBe('img');
      expect(chart.getAttribute('aria-label')).toMatch(/over the last minute: lowest .*, highest .*, latest .*\./);
    }
    expect(charts[0].getAttribute('aria-label')).toBe('Requests per second over the last minute: lowest 2.0/s, highest 4.0/s, latest 4.0/s.');
    // The table alternative: newest sample first, a missing value as a dash.
    const firstRow = [...el.querySelectorAll('tbody tr')][0];
    expect(firstRow.textContent).toContain('1 s ago');
    expect(firstRow.textContent).toContain('—');
  });

  it('reads the figures again every few seconds while visible, keeping the last ones meanwhile', async () => {
    await answer();
    await jest.advanceTimersByTimeAsync(REFRESH_MS);
    expect(fixture.nativeElement.querySelector('[data-testid=sockets]')?.textContent).toBe('12');
    await answer({ ...HEALTH, sockets: { connected: 13 } });
    fixture.detectChanges();
    expect(fixture.nativeElement.querySelector('[data-testid=sockets]')?.textContent).toBe('13');
  });

  it('stops while the tab is hidden and reads at once when it is shown again', async () => {
    await answer();
    await setHidden(true);
    await jest.advanceTimersByTimeAsync(REFRESH_MS * 3);
    await settle();
    http.expectNone('/api/admin/system');
    await setHidden(false);
    await answer();
    await jest.advanceTimersByTimeAsync(REFRESH_MS);
    await answer();
  });

  it('stops when the page is left', async () => {
    await answer();
    fixture.destroy();
    await jest.advanceTimersByTimeAsync(REFRESH_MS * 3);
    await settle();
    http.expectNone('/api/admin/system');
  });

  it('keeps the last figures and says so when a refresh fails', async () => {
    await answer();
    await jest.advanceTimersByTimeAsync(REFRESH_MS);
    await settle();
    http.expectOne('/api/admin/system').flush({ statusCode: 503, error: 'Service Unavailable', message: 'down' }, { status: 503, statusText: 'Service Unavailable' });
    await settle();
    expect(text()).toContain('could not be loaded');
    expect(fixture.nativeElement.querySelector('[data-testid=sockets]')?.textContent).toBe('12');
  });
});

describe('system figures', () => {
  it('writes durations, latencies and shares for people', () => {
    expect(formatDuration(42.7)).toBe('42 s');
    expect(formatDuration(95)).toBe('1 min');
    expect(formatDuration(3 * 3600)).toBe('3 h');
    expect(formatDuration(2 * 86400 + 4 * 3600 + 5)).toBe('2 d 4 h');
    expect(formatDuration(null)).toBe('—');
    expect(formatMs(4.24)).toBe('4.2 ms');
    expect(formatMs(1530)).toBe('1.53 s');
    expect(formatShare(0.0109)).toBe('1.1%');
    expect(formatShare(null)).toBe('—');
    expect(describeSeries('Heap', [null, null], (v) => `${v}`)).toBe('Heap: no data in the last minute yet.');
  });
});
