import { ClinicDatePipe } from '../../shared/clinic-date-pipe';
import { ChangeDetectionStrategy, Component, computed, effect, inject, signal } from '@angular/core';
import { rxResource } from '@angular/core/rxjs-interop';
import { FormsModule } from '@angular/forms';
import { MatButtonModule } from '@angular/material/button';
import { MatChipsModule } from '@angular/material/chips';
import { MatFormFieldModule } from '@angular/material/form-field';
import { MatIconModule } from '@angular/material/icon';
import { MatInputModule } from '@angular/material/input';
import { MatProgressBarModule } from '@angular/material/progress-bar';
import { MatSelectModule } from '@angular/material/select';
import { MatSnackBar } from '@angular/material/snack-bar';
import { PatientsApi, type PatientRecord, type UpdateMedicalHistoryRequest, type UpdatePatientRecordRequest } from '@carebook/api-client';
import { birthDateRangeProblem, earliestBirthDate } from '@carebook/shared';
import { describeError } from '../../core/api-error';
import { Clinic } from '../../core/clinic';
import { todayIn } from '../../shared/clinic-time';
import { LoadError } from '../../shared/load-error';
import { SectionCard } from '../../shared/section-card';
import { saveBlob } from '../appointments/download';

type ListKey = 'conditions' | 'allergies' | 'medications';

const ACTION_WORDS: Record<string, string> = {
  'record.read': 'Read your record',
  'record.break_glass_read': 'Emergency (break-glass) read',
  'record.update': 'Changed your record',
  'record.export': 'Exported your record',
  'visit_notes.read': 'Read visit notes',
  'visit_notes.write': 'Wrote a visit note',
  'appointment_file.read': 'Downloaded a file of your visit',
  'appointment_file.write': 'Added a file to your visit',
  'messages.read': 'Read your conversation',
  'messages.attachment_read': 'Opened a message attachment',
};

/**
 * The patient's own record: profile, medical history (each list "not recorded" until filled in or confirmed
 * "none known"), who else has looked at it, and the whole record to download as FHIR.
 */
@Component({
  selector: 'cb-my-record',
  imports: [ClinicDatePipe, FormsModule, LoadError, MatButtonModule, MatChipsModule, MatFormFieldModule, MatIconModule, MatInputModule, MatProgressBarModule, MatSelectModule, SectionCard],
  templateUrl: './my-record.html',
  styleUrl: './my-record.scss',
  changeDetection: ChangeDetectionStrategy.OnPush,
})
export class MyRecord {
  private readonly api = inject(PatientsApi);
  private readonly snackBar = inject(MatSnackBar);
  private readonly clinic = inject(Clinic);

  protected readonly record = rxResource({ stream: () => this.api.getMyPatientRecord() });
  protected readonly accessLog = rxResource({
    params: () => this.logPage(),
    stream: ({ params: page }) => this.api.getMyAccessLog({ page, pageSize: 10 }),
  });
  protected readonly logPage = signal(1);
  protected readonly saving = signal(false);
  protected readonly actionWords = ACTION_WORDS;
  /** The clinic's today, the day the API judges a date of birth by; the picker offers nothing after it. */
  protected readonly today = computed(() => todayIn(this.clinic.timezone()));
  protected readonly earliestBirthDate = computed(() => earliestBirthDate(this.today()));

  protected profile = { fullName: '', phone: '', dateOfBirth: '', gender: '', address: '', contactName: '', contactPhone: '', contactRelationship: '' };
  protected notes = '';
  protected newCondition = { name: '', since: '', status: 'active' as 'active' | 'resolved' };
  protected newAllergy = { substance: '', reaction: '', severity: '' };
  protected newMedication = { name: '', dose: '' };

  constructor() {
    effect(() => {
      const r = this.record.value();
      if (r) this.fill(r);
    });
  }

  private fill(r: PatientRecord): void {
    const c = r.emergencyContact;
    this.profile = {
      fullName: r.fullName,
      phone: r.phone ?? '',
      dateOfBirth: r.dateOfBirth ?? '',
      gender: r.gender ?? '',
      address: r.address ?? '',
      contactName: c?.name ?? '',
      contactPhone: c?.phone ?? '',
      contactRelationship: c?.relationship ?? '',
    };
    this.notes = r.medicalHistory.notes ?? '';
  }

  protected saveProfile(): void {
    const p = this.profile;
    // Typed dates escape the picker's limits; refuse them here as the API would.
    const birthProblem = p.dateOfBirth ? birthDateRangeProblem(p.dateOfBirth, this.today()) : null;
    if (birthProblem) {
      this.snackBar.open(`Date of birth ${birthProblem}`, 'Close');
      return;
    }
    this.save({
      fullName: p.fullName,
      phone: p.phone || null,
      dateOfBirth: p.dateOfBirth || null,
      gender: (p.gender || null) as UpdatePatientRecordRequest['gender'],
      address: p.address || null,
      emergencyContact: p.contactName || p.contactPhone ? { name: p.contactName, phone: p.contactPhone, relationship: p.contactRelationship || null } : null,
    });
  }

  protected saveHistory(changes: UpdateMedicalHistoryRequest): void {
    this.save({ medicalHistory: changes });
  }

  protected list<K extends ListKey>(key: K): NonNullable<PatientRecord['medicalHistory'][K]> | null {
    return this.record.value()?.medicalHistory[key] ?? null;
  }

  protected remove(key: ListKey, index: number): void {
    const items = [...(this.list(key) ?? [])];
    items.splice(index, 1);
    this.saveHistory({ [key]: items });
  }

  protected addCondition(): void {
    const c = this.newCondition;
    this.saveHistory({ conditions: [...(this.list('conditions') ?? []), { name: c.name, status: c.status, ...(c.since ? { since: c.since } : {}) }] });
    this.newCondition = { name: '', since: '', status: 'active' };
  }

  protected addAllergy(): void {
    const a = this.newAllergy;
    const severity = (a.severity || undefined) as 'mild' | 'moderate' | 'severe' | undefined;
    this.saveHistory({ allergies: [...(this.list('allergies') ?? []), { substance: a.substance, ...(a.reaction ? { reaction: a.reaction } : {}), ...(severity ? { severity } : {}) }] });
    this.newAllergy = { substance: '', reaction: '', severity: '' };
  }

  protected addMedication(): void {
    const m = this.newMedication;
    this.saveHistory({ medications: [...(this.list('medications') ?? []), { name: m.name, ...(m.dose ? { dose: m.dose } : {}) }] });
    this.newMedication = { name: '', dose: '' };
  }

  protected download(): void {
    this.api.exportMyRecord$Response().subscribe({
      next: (res) => saveBlob(new Blob([JSON.stringify(res.body, null, 2)], { type: 'application/fhir+json' }), 'my-health-record.json'),
      error: (error: unknown) => this.snackBar.open(`The export failed: ${describeError(error)}`, 'Close'),
    });
  }

  private save(body: UpdatePatientRecordRequest): void {
    this.saving.set(true);
    this.api.updateMyPatientRecord({ body }).subscribe({
      next: (updated) => {
        this.saving.set(false);
        this.record.set(updated);
        this.snackBar.open('Saved', undefined, { duration: 2500 });
      },
      error: (error: unknown) => {
        this.saving.set(false);
        this.snackBar.open(describeError(error), 'Close');
      },
    });
  }
}
