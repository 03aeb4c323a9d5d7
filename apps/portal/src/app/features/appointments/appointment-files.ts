import { HttpClient, HttpEventType, HttpResponse } from '@angular/common/http';
import { ChangeDetectionStrategy, Component, DestroyRef, ElementRef, computed, inject, input, output, signal, viewChild } from '@angular/core';
import { MatButtonModule } from '@angular/material/button';
import { MatDialog } from '@angular/material/dialog';
import { MatIconModule } from '@angular/material/icon';
import { MatProgressBarModule } from '@angular/material/progress-bar';
import { MatSnackBar } from '@angular/material/snack-bar';
import { AppointmentsApi, RequestBuilder, uploadAppointmentFiles, type AppointmentFile } from '@carebook/api-client';
import { Subscription } from 'rxjs';
import { describeError, sentence, serverDetails } from '../../core/api-error';
import { formatDateTime } from '../../shared/clinic-time';
import { askBreakGlassReason } from '../records/break-glass-dialog';
import { saveBlob } from './download';
import { type RefusedFile, acceptAttribute, checkFiles, fileIcon, formatBytes, typeWords } from './file-checks';

interface Upload {
  names: string[];
  /** 0–100, or null while the browser has not said how much there is. */
  percent: number | null;
}

/**
 * An appointment's files: the list with a download for each, and (for its patient and doctor while it
 * goes ahead) an upload of several files at once by drag and drop or the file picker. Files are checked
 * here against the clinic's limits before they are sent, and the upload shows real progress. Files are part of
 * the patient's record: an admin downloads one only after stating why (break-glass), once per visit to the page.
 */
@Component({
  selector: 'cb-appointment-files',
  imports: [MatButtonModule, MatIconModule, MatProgressBarModule],
  templateUrl: './appointment-files.html',
  styleUrl: './appointment-files.scss',
  changeDetection: ChangeDetectionStrategy.OnPush,
})
export class AppointmentFiles {
  private readonly api = inject(AppointmentsApi);
  private readonly http = inject(HttpClient);
  private readonly snackBar = inject(MatSnackBar);
  private readonly dialog = inject(MatDialog);

  readonly appointmentId = input.required<string>();
  readonly files = input.required<readonly AppointmentFile[]>();
  readonly maxFileBytes = input.required<number>();
  readonly acceptedFileTypes = input.required<readonly string[]>();
  readonly timezone = input.required<string>();
  /** Whether this viewer may add files now; `uploadNote` says why not. */
  readonly canUpload = input(false);
  readonly uploadNote = input<string | null>(null);
  /** The viewer is an admin: a download is a break-glass read that needs a stated reason. */
  readonly breakGlass = input(false);
  /** Whose files these are, for the break-glass dialog. */
  readonly patientName = input<string | undefined>(undefined);
  /** Files were added: the page fetches the appointment again. */
  readonly uploaded = output<AppointmentFile[]>();

  private readonly picker = viewChild<ElementRef<HTMLInputElement>>('picker');

  protected readonly accept = computed(() => acceptAttribute(this.acceptedFileTypes()));
  protected readonly limitsText = computed(
    () => `${typeWords(this.acceptedFileTypes())}, up to ${formatBytes(this.maxFileBytes())} each`,
  );
  protected readonly dragging = signal(false);
  protected readonly upload = signal<Upload | null>(null);
  protected readonly refused = signal<RefusedFile[]>([]);
  protected readonly uploadError = signal<{ message: string; details: string[] } | null>(null);
  protected readonly downloading = signal<ReadonlySet<string>>(new Set());
  /** The admin's stated reason, sent with each download from this page (each one audited with it). */
  protected readonly reason = signal('');
  private uploading?: Subscription;

  protected readonly formatBytes = formatBytes;
  protected readonly fileIcon = fileIcon;

  constructor() {
    inject(DestroyRef).onDestroy(() => this.uploading?.unsubscribe());
  }

  protected when(file: AppointmentFile): string {
    return formatDateTime(file.uploadedAt, this.timezone());
  }

  protected choose(): void {
    this.picker()?.nativeElement.click();
  }

  protected picked(event: Event): void {
    const input = event.target as HTMLInputElement;
    this.add(Array.from(input.files ?? []));
    // The same file picked again after a failure should still count as a change.
    input.value = '';
  }

  protected dragOver(event: DragEvent): void {
    if (!this.canUpload() || !event.dataTransfer?.types.includes('Files')) return;
    event.preventDefault();
    event.dataTransfer.dropEffect = 'copy';
    this.dragging.set(true);
  }

  protected dragLeave(event: DragEvent): void {
    const zone = event.currentTarget as HTMLElement;
    if (!zone.contains(event.relatedTarget as Node | null)) this.dragging.set(false);
  }

  protected dropped(event: DragEvent): void {
    event.preventDefault();
    this.dragging.set(false);
    if (this.canUpload()) this.add(Array.from(event.dataTransfer?.files ?? []));
  }

  /** Checks the files and sends those that pass; the refused ones are listed with why. */
  add(files: File[]): void {
    if (files.length === 0 || this.upload()) return;
    const { accepted, refused } = checkFiles(files, { maxFileBytes: this.maxFileBytes(), acceptedFileTypes: this.acceptedFileTypes() });
    this.refused.set(refused);
    this.uploadError.set(null);
    if (accepted.length > 0) this.send(accepted);
  }

  protected cancelUpload(): void {
    this.uploading?.unsubscribe();
    this.upload.set(null);
  }

  protected download(file: AppointmentFile): void {
    if (!this.breakGlass() || this.reason()) {
      this.fetch(file);
      return;
    }
    askBreakGlassReason(this.dialog, { patientName: this.patientName(), what: `the file ${file.fileName}` }).subscribe((reason) => {
      if (!reason) return;
      this.reason.set(reason);
      this.fetch(file);
    });
  }

  private fetch(file: AppointmentFile): void {
    this.downloading.update((ids) => new Set([...ids, file.id]));
    const done = () =>
      this.downloading.update((ids) => {
        const next = new Set(ids);
        next.delete(file.id);
        return next;
      });
    const reason = this.breakGlass() ? this.reason() : '';
    this.api.downloadAppointmentFile({ id: this.appointmentId(), fileId: file.id, ...(reason ? { reason } : {}) }).subscribe({
      next: (blob) => {
        done();
        saveBlob(blob, file.fileName);
      },
      error: (error: unknown) => {
        done();
        // A reason the API refused is not sent again: the next download asks anew.
        if (serverDetails(error).some((detail) => detail.field === 'reason')) this.reason.set('');
        this.snackBar.open(`${file.fileName} could not be downloaded. ${describeError(error)}`, 'Close', { duration: 8000 });
      },
    });
  }

  private send(files: File[]): void {
    // The generated request builder, so the request is the client's own, but with upload progress reported.
    const builder = new RequestBuilder(this.api.rootUrl, uploadAppointmentFiles.PATH, 'post');
    builder.path('id', this.appointmentId(), {});
    builder.body({ files }, 'multipart/form-data');
    this.upload.set({ names: files.map((file) => file.name), percent: 0 });
    this.uploading = this.http
      .request<AppointmentFile[]>(builder.build({ responseType: 'json', accept: 'application/json', reportProgress: true }))
      .subscribe({
        next: (event) => {
          if (event.type === HttpEventType.UploadProgress) {
            const percent = event.total ? Math.round((event.loaded / event.total) * 100) : null;
            this.upload.update((upload) => (upload ? { ...upload, percent } : upload));
          } else if (event instanceof HttpResponse) {
            this.upload.set(null);
            const added = event.body ?? [];
            this.snackBar.open(added.length === 1 ? `${added[0].fileName} added` : `${added.length} files added`, 'OK', { duration: 4000 });
            this.uploaded.emit(added);
          }
        },
        error: (error: unknown) => {
          this.upload.set(null);
          const message = describeError(error);
          const details = serverDetails(error)
            .map((detail) => sentence(detail.message))
            .filter((detail) => detail !== message);
          this.uploadError.set({ message, details });
        },
      });
  }
}
