import { ChangeDetectionStrategy, Component, inject } from '@angular/core';
import { rxResource } from '@angular/core/rxjs-interop';
import { ConsultationsApi } from '@carebook/api-client';
import { PageStatus } from '../../shared/page-status';
import { ConsultationQueue } from './consultation-queue';
import { followConsultations } from './consultation-live';

/** Admins watch the instant consultation queue and the doctors available, live. */
@Component({
  selector: 'cb-admin-consultations',
  imports: [ConsultationQueue, PageStatus],
  template: `
    <h1 class="cb-page-title">Consultation queue</h1>
    <cb-page-status [resource]="queue" loading="Loading the queue" what="The queue" />
    @if (queue.hasValue()) {
      <cb-consultation-queue [queue]="queue.value()" />
    }
  `,
  styles: `
    :host {
      display: block;
      max-width: 880px;
    }
  `,
  changeDetection: ChangeDetectionStrategy.OnPush,
})
export class AdminConsultations {
  private readonly api = inject(ConsultationsApi);
  protected readonly queue = rxResource({ stream: () => this.api.getConsultationQueue() });

  constructor() {
    followConsultations(() => this.queue.reload());
  }
}
