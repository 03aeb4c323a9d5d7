import { ChangeDetectionStrategy, Component, computed } from '@angular/core';
import { MatButtonModule } from '@angular/material/button';
import { MatIconModule } from '@angular/material/icon';
import { ListPaginator } from '../../shared/list-paginator';
import { RouterLink } from '@angular/router';
import { AppointmentFilterBar } from '../../shared/appointments/appointment-filter-bar';
import { appointmentChips } from '../../shared/appointments/appointment-filters';
import { AppointmentListPage } from '../../shared/appointments/appointment-list-page';
import { AppointmentResultsHead } from '../../shared/appointments/appointment-results-head';
import { StatusChip } from '../../shared/status-chip';
import { LoadError } from '../../shared/load-error';

/** Every appointment of the doctor's, searched by reason or disease, status, dates and time of day; filters in the URL. */
@Component({
  selector: 'cb-appointment-search',
  imports: [
    AppointmentFilterBar,
    AppointmentResultsHead,
    ListPaginator,
    LoadError,
    MatButtonModule,
    MatIconModule,
    RouterLink,
    StatusChip,
  ],
  templateUrl: './appointment-search.html',
  styleUrl: './appointment-search.scss',
  changeDetection: ChangeDetectionStrategy.OnPush,
})
export class AppointmentSearch extends AppointmentListPage {
  protected readonly narrowed = computed(() => appointmentChips(this.filters()).length > 0);
}
