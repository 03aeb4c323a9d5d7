import { ChangeDetectionStrategy, Component, computed, input, output } from '@angular/core';
import { MatPaginatorModule, type PageEvent } from '@angular/material/paginator';

/** A page of a list as the URL holds it: 1-based. */
export interface ListPage {
  page: number;
  pageSize: number;
}

/**
 * The footer of a paged list: shown once there is more than one page to move through or a page size
 * worth choosing. Moving returns to the top of the screen, where the new page begins.
 */
@Component({
  selector: 'cb-list-paginator',
  imports: [MatPaginatorModule],
  template: `
    @if (shown()) {
      <mat-paginator
        [length]="total()"
        [pageIndex]="page() - 1"
        [pageSize]="pageSize()"
        [pageSizeOptions]="pageSizes()"
        [hidePageSize]="pageSizes().length === 0"
        (page)="move($event)"
        [attr.aria-label]="'Pages of ' + items()"
      />
    }
  `,
  styles: `
    mat-paginator {
      margin-top: 8px;
      background: transparent;
    }
  `,
  changeDetection: ChangeDetectionStrategy.OnPush,
})
export class ListPaginator {
  readonly total = input.required<number>();
  readonly page = input.required<number>();
  readonly pageSize = input.required<number>();
  /** The sizes a reader may choose from; none hides the choice. */
  readonly pageSizes = input<readonly number[]>([]);
  /** What the list holds, plural ("appointments"), for the paginator's label. */
  readonly items = input.required<string>();
  readonly pageChange = output<ListPage>();

  protected readonly shown = computed(
    () => this.page() > 1 || this.total() > Math.min(this.pageSize(), ...this.pageSizes()),
  );

  protected move(event: PageEvent): void {
    this.pageChange.emit({ page: event.pageIndex + 1, pageSize: event.pageSize });
    globalThis.scrollTo?.({ top: 0, behavior: 'smooth' });
  }
}
