import { ClinicDatePipe } from '../../../shared/clinic-date-pipe';
import { DecimalPipe } from '@angular/common';
import { ChangeDetectionStrategy, Component, computed, inject, input } from '@angular/core';
import { rxResource } from '@angular/core/rxjs-interop';
import { MatCardModule } from '@angular/material/card';
import { MatIconModule } from '@angular/material/icon';
import { DomSanitizer, type SafeHtml } from '@angular/platform-browser';
import { RouterLink } from '@angular/router';
import { AdminApi } from '@carebook/api-client';
import { PageStatus } from '../../../shared/page-status';
import { StatusChip } from '../../../shared/status-chip';
import { CHANNEL_LABELS, KIND_LABELS } from './delivery-filters';

/**
 * One email or text message as it was sent (or kept in the development mailbox): its envelope, the text part,
 * the HTML part and the attachments' names. With real mail the API withholds a password-reset or invitation
 * link (it signs in as the recipient): the message shows "[link withheld: …]" in its place.
 */
@Component({
  selector: 'cb-delivery-page',
  imports: [ClinicDatePipe, DecimalPipe, MatCardModule, MatIconModule, PageStatus, RouterLink, StatusChip],
  templateUrl: './delivery-page.html',
  styleUrl: './delivery-page.scss',
  changeDetection: ChangeDetectionStrategy.OnPush,
})
export class DeliveryPage {
  private readonly api = inject(AdminApi);
  private readonly sanitizer = inject(DomSanitizer);

  /** From the route. */
  readonly id = input.required<string>();

  protected readonly delivery = rxResource({
    params: () => ({ id: this.id() }),
    stream: ({ params }) => this.api.getDelivery(params),
  });
  protected readonly kindLabels = KIND_LABELS;
  protected readonly channelLabels = CHANNEL_LABELS;

  /**
   * The HTML part, shown in an iframe whose empty `sandbox` allows no scripts, no forms, no plugins and no access
   * to this page (an opaque origin): that, not Angular's sanitiser, which would strip the email's inline styles,
   * is what keeps the message's markup harmless.
   */
  protected readonly html = computed<SafeHtml | null>(() => {
    const html = this.delivery.hasValue() ? this.delivery.value().html : null;
    return html ? this.sanitizer.bypassSecurityTrustHtml(html) : null;
  });
}
