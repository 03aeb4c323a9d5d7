import { ClinicDatePipe } from '../../../shared/clinic-date-pipe';
import { ChangeDetectionStrategy, Component, computed, effect, inject } from '@angular/core';
import { rxResource, takeUntilDestroyed, toSignal } from '@angular/core/rxjs-interop';
import { FormControl } from '@angular/forms';
import { MatButtonModule } from '@angular/material/button';
import { MatIconModule } from '@angular/material/icon';
import { MatTableModule } from '@angular/material/table';
import { ActivatedRoute, Router, RouterLink } from '@angular/router';
import { AdminApi, type DeliveryDto } from '@carebook/api-client';
import { DELIVERY_CHANNELS, DELIVERY_STATUSES, NOTIFICATION_KINDS } from '@carebook/shared';
import { debounceTime, distinctUntilChanged, map } from 'rxjs';
import { FilterSelect } from '../../../shared/filter-select';
import { ListPaginator, type ListPage } from '../../../shared/list-paginator';
import { SearchField } from '../../../shared/search-field';
import { matchesMedia } from '../../../shared/media';
import { toQueryParams } from '../../../shared/query-params';
import { ResourceStatus } from '../../../shared/resource-status';
import { DELIVERY_STATUS_LABELS, StatusChip } from '../../../shared/status-chip';
import {
  CHANNEL_ICONS,
  CHANNEL_LABELS,
  DELIVERY_PAGE_SIZES,
  type DeliveryFilters,
  KIND_LABELS,
  NO_DELIVERY_FILTERS,
  deliveryFiltersFromParams,
  isFiltered,
} from './delivery-filters';

/**
 * Every email and text message the clinic sent or tried to send, newest first: whom to, about what, whether it
 * went, after how many attempts and why not. With no mail server (or SMS provider) configured this is the
 * development mailbox, where the messages themselves are read.
 */
@Component({
  selector: 'cb-deliveries-page',
  imports: [
    ClinicDatePipe,
    FilterSelect,
    ListPaginator,
    MatButtonModule,
    MatIconModule,
    MatTableModule,
    SearchField,
    ResourceStatus,
    RouterLink,
    StatusChip,
  ],
  templateUrl: './deliveries-page.html',
  styleUrl: './deliveries-page.scss',
  changeDetection: ChangeDetectionStrategy.OnPush,
})
export class DeliveriesPage {
  private readonly api = inject(AdminApi);
  private readonly router = inject(Router);
  private readonly route = inject(ActivatedRoute);

  private readonly queryParams = toSignal(this.route.queryParams, { initialValue: {} });
  protected readonly filters = computed(() => deliveryFiltersFromParams(this.queryParams()));
  protected readonly filtered = computed(() => isFiltered(this.filters()));
  protected readonly to = new FormControl('', { nonNullable: true });

  protected readonly channels = DELIVERY_CHANNELS.map((value) => ({ value, label: CHANNEL_LABELS[value] }));
  protected readonly statuses = DELIVERY_STATUSES.map((value) => ({ value, label: DELIVERY_STATUS_LABELS[value] }));
  protected readonly kinds = NOTIFICATION_KINDS.map((value) => ({ value, label: KIND_LABELS[value] }));
  protected readonly pageSizes = DELIVERY_PAGE_SIZES;
  protected readonly columns = ['createdAt', 'to', 'subject', 'status'];
  protected readonly isDesktop = matchesMedia('(min-width: 960px)');

  protected readonly deliveries = rxResource({
    params: () => {
      const { to, ...filters } = this.filters();
      return { ...filters, to: to || undefined };
    },
    stream: ({ params }) => this.api.listDeliveries(params),
  });
  protected readonly rows = computed<DeliveryDto[]>(() => (this.deliveries.hasValue() ? this.deliveries.value().items : []));
  protected readonly total = computed(() => (this.deliveries.hasValue() ? this.deliveries.value().total : 0));

  constructor() {
    // Show the URL's recipient text in the field (on load, and on back/forward).
    effect(() => {
      const to = this.filters().to;
      if (this.to.value.trim() !== to) this.to.setValue(to, { emitEvent: false });
    });
    this.to.valueChanges
      .pipe(
        debounceTime(300),
        map((value) => value.trim()),
        distinctUntilChanged(),
        takeUntilDestroyed(),
      )
      .subscribe((to) => {
        if (to !== this.filters().to) this.navigate({ to, page: 1 });
      });
  }

  protected filterBy(change: Partial<DeliveryFilters>): void {
    this.navigate({ ...change, page: 1 });
  }

  protected clearFilters(): void {
    this.to.setValue('', { emitEvent: false });
    this.navigate({ channel: undefined, status: undefined, kind: undefined, to: '', page: 1 });
  }

  protected changePage({ page, pageSize }: ListPage): void {
    this.navigate({ page, pageSize });
  }

  // Methods rather than lookups in the template, where a table cell's row is untyped.
  protected kindLabel(delivery: DeliveryDto): string {
    return KIND_LABELS[delivery.kind];
  }

  protected channelLabel(delivery: DeliveryDto): string {
    return CHANNEL_LABELS[delivery.channel];
  }

  protected channelIcon(delivery: DeliveryDto): string {
    return CHANNEL_ICONS[delivery.channel];
  }

  protected open(delivery: DeliveryDto): void {
    void this.router.navigate([delivery.id], { relativeTo: this.route });
  }

  private navigate(change: Partial<DeliveryFilters>): void {
    void this.router.navigate([], {
      relativeTo: this.route,
      queryParams: toQueryParams(change, NO_DELIVERY_FILTERS),
      queryParamsHandling: 'merge',
    });
  }
}
