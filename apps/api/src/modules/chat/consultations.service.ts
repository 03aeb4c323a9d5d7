import { ConflictException, ForbiddenException, HttpStatus, Injectable, Logger, NotFoundException } from '@nestjs/common';
import { EntityManager } from '@mikro-orm/postgresql';
import { CONSULTATION_LIMITS } from '@carebook/shared';
import type { AuthUser } from '../../common/auth-user';
import { Clock } from '../../common/clock';
import { fieldException } from '../../common/exceptions';
import { isUniqueViolation } from '../../common/pg-error';
import { DoctorsService } from '../doctors/doctors.service';
import { Realtime } from '../realtime/realtime.service';
import { ChatService } from './chat.service';
import { ConsultationsRepository, type ConsultationRow } from './consultations.repository';
import type { AvailabilityDto, ConsultationDto, ConsultationQueueDto, RequestConsultationRequest } from './dto/chat.dto';

/** Assignments tried again after losing a race to another instance's (consultations_doctor_assigned_key). */
const ASSIGN_RETRIES = 5;

/**
 * Instant consultations: patients wait first come, first served for a free doctor who has switched
 * "available" on, and are assigned one atomically (see ConsultationsRepository.assignNext). A doctor takes
 * one at a time; ending it assigns the next waiting patient who fits. The pair talks in their conversation.
 * Everyone concerned is told over the socket (`consultation:updated`): the patient and doctor of a change,
 * every waiting patient of their new position, and the available doctors and admins that the queue moved.
 */
@Injectable()
export class ConsultationsService {
  private readonly logger = new Logger(ConsultationsService.name);

  constructor(
    private readonly em: EntityManager,
    private readonly repository: ConsultationsRepository,
    private readonly chat: ChatService,
    private readonly doctors: DoctorsService,
    private readonly realtime: Realtime,
    private readonly clock: Clock,
  ) {}

  async request(patient: AuthUser, input: RequestConsultationRequest): Promise<ConsultationDto> {
    const specialty = input.specialty ? await this.doctors.findSpecialtyByName(input.specialty) : null;
    if (input.specialty && !specialty) throw fieldException(HttpStatus.BAD_REQUEST, 'specialty', 'must be one of the clinic’s specialties');
    let id: string;
    try {
      id = await this.repository.insert({ patientId: patient.id, reason: input.reason, specialty: specialty?.name ?? null, now: this.clock.now() });
    } catch (error) {
      if (isUniqueViolation(error, 'consultations_patient_open_key')) throw new ConflictException('You already have an open consultation');
      throw error;
    }
    await this.assignWaiting();
    const row = await this.repository.one(id);
    if (!row) throw new NotFoundException('No such consultation');
    return this.toDto(row);
  }

  /** The caller's open consultation, or null. */
  async current(user: AuthUser): Promise<ConsultationDto | null> {
    const row = await this.repository.openOf(user.id);
    return row ? this.toDto(row) : null;
  }

  /** The patient leaves the queue, or ends an assigned consultation from their side. */
  async leave(patient: AuthUser, id: string): Promise<ConsultationDto> {
    const row = await this.requireOwn(id, (r) => r.patient_id === patient.id);
    if (!(await this.repository.close(id, ['waiting', 'assigned'], 'left', this.clock.now()))) throw new ConflictException(`This consultation has already ${row.status === 'ended' ? 'ended' : 'been left'}`);
    return this.changed(id);
  }

  /** The doctor ends the consultation; the next waiting patient who fits is theirs. */
  async end(doctor: AuthUser, id: string): Promise<ConsultationDto> {
    await this.requireOwn(id, (r) => r.doctor_id === doctor.id);
    if (!(await this.repository.close(id, ['assigned'], 'ended', this.clock.now()))) throw new ConflictException('This consultation is not in progress');
    return this.changed(id);
  }

  async availability(doctor: AuthUser): Promise<AvailabilityDto> {
    return { available: await this.repository.isAvailable(doctor.id) };
  }

  async setAvailability(doctor: AuthUser, available: boolean): Promise<AvailabilityDto> {
    if (available && !(await this.repository.doctorActive(doctor.id))) {
      throw new ForbiddenException('Only approved doctors can take instant consultations');
    }
    await this.repository.setAvailable(doctor.id, available, this.clock.now());
    if (available) await this.assignWaiting();
    this.realtime.toAdmins('consultation:updated', { queue: true });
    return { available };
  }

  async queue(): Promise<ConsultationQueueDto> {
    const [waiting, doctors] = await Promise.all([this.repository.waiting(), this.repository.availableDoctors()]);
    return {
      waiting: waiting.map((row) => ({ id: row.id, position: row.position ?? 0, specialty: row.specialty, waitingSince: row.requested_at.toISOString() })),
      doctors: doctors.map((row) => ({ id: row.doctor_id, fullName: row.full_name, specialty: row.specialty, busy: row.busy })),
    };
  }

  /** A page's heartbeat (`presence:heartbeat`): keeps an available doctor available and a waiting patient queued. */
  heartbeat(user: AuthUser): Promise<void> {
    return this.repository.beat(user.id, this.clock.now());
  }

  /**
   * The presence job: doctors and waiting patients whose pages fell silent for CONSULTATION_LIMITS.silentAfterSeconds
   * are taken out; then anyone still waiting who fits a free doctor is assigned (a sweep after lost races).
   */
  async expireSilent(): Promise<{ doctors: number; patients: number }> {
    const now = this.clock.now();
    const before = new Date(now.getTime() - CONSULTATION_LIMITS.silentAfterSeconds * 1000);
    const doctors = await this.repository.expireDoctors(before);
    const patients = await this.repository.expirePatients(before, now);
    for (const id of patients) {
      const row = await this.repository.one(id);
      if (row) this.realtime.toUsers([row.patient_id], 'consultation:updated', await this.toDto(row));
    }
    const assigned = await this.assignWaiting();
    if (assigned === 0 && (doctors.length > 0 || patients.length > 0)) await this.publishQueue();
    return { doctors: doctors.length, patients: patients.length };
  }

  /**
   * Assigns waiting patients to free doctors until none fits; each assignment opens (or reuses) the pair's
   * conversation in the same transaction. Answers how many were assigned. Never fails for losing races: after
   * ASSIGN_RETRIES it stops, and the caller answers with what it saved (a waiting consultation stays waiting).
   */
  async assignWaiting(): Promise<number> {
    let assigned = 0;
    let retries = 0;
    for (;;) {
      let done: { id: string } | undefined;
      try {
        done = await this.em.transactional(async () => {
          const pick = await this.repository.assignNext(this.clock.now());
          if (!pick) return undefined;
          await this.repository.setConversation(pick.id, await this.chat.openForConsultation(pick.patient_id, pick.doctor_id));
          return pick;
        });
      } catch (error) {
        if (!isUniqueViolation(error, 'consultations_doctor_assigned_key')) throw error;
        if (retries < ASSIGN_RETRIES) {
          retries += 1;
          continue;
        }
        // Lost every race to other instances. Whatever triggered this (a request, an end, a doctor switching on)
        // has already been saved, and whoever is still waiting stays waiting: the presence job's sweep assigns them.
        this.logger.warn(`Assignment lost ${retries + 1} races to other assigners; the presence job's sweep assigns who is still waiting`);
        break;
      }
      if (!done) break;
      assigned += 1;
      const row = await this.repository.one(done.id);
      if (row) await this.tell(row);
    }
    if (assigned > 0) await this.publishQueue();
    return assigned;
  }

  private async requireOwn(id: string, own: (row: ConsultationRow) => boolean): Promise<ConsultationRow> {
    const row = await this.repository.one(id);
    if (!row || !own(row)) throw new NotFoundException('No such consultation');
    return row;
  }

  /** After a consultation closed: tell its pair, fill the freed doctor, move the queue. */
  private async changed(id: string): Promise<ConsultationDto> {
    const row = await this.repository.one(id);
    if (!row) throw new NotFoundException('No such consultation');
    const dto = await this.tell(row);
    if ((await this.assignWaiting()) === 0) await this.publishQueue();
    return dto;
  }

  private async tell(row: ConsultationRow): Promise<ConsultationDto> {
    const dto = await this.toDto(row);
    this.realtime.toUsersAndAdmins([row.patient_id, ...(row.doctor_id ? [row.doctor_id] : [])], 'consultation:updated', dto);
    return dto;
  }

  /** Every waiting patient gets their position and estimate; available doctors and admins learn the queue moved. */
  private async publishQueue(): Promise<void> {
    const [waiting, doctors] = await Promise.all([this.repository.waiting(), this.repository.availableDoctors()]);
    const estimate = await this.estimator(doctors.length);
    for (const row of waiting) this.realtime.toUsers([row.patient_id], 'consultation:updated', this.dtoWith(row, estimate));
    this.realtime.toUsersAndAdmins(
      doctors.map((d) => d.doctor_id),
      'consultation:updated',
      { queue: true },
    );
  }

  /** Minutes to wait at a position, from the recent consultations' average length and the doctors available now. */
  private async estimator(availableDoctors?: number): Promise<(position: number) => number | null> {
    const doctors = availableDoctors ?? (await this.repository.availableDoctors()).length;
    const average = (await this.repository.averageMinutes()) ?? CONSULTATION_LIMITS.defaultMinutes;
    return (position) => (doctors === 0 ? null : Math.max(1, Math.ceil((position * average) / doctors)));
  }

  private async toDto(row: ConsultationRow): Promise<ConsultationDto> {
    return this.dtoWith(row, row.status === 'waiting' ? await this.estimator() : () => null);
  }

  private dtoWith(row: ConsultationRow, estimate: (position: number) => number | null): ConsultationDto {
    return {
      id: row.id,
      status: row.status,
      reason: row.reason,
      specialty: row.specialty,
      ...(row.status === 'waiting' && row.position !== null ? { position: row.position, estimatedWaitMinutes: estimate(row.position) } : {}),
      ...(row.doctor_id && row.doctor_name ? { doctor: { id: row.doctor_id, fullName: row.doctor_name, photoUrl: row.doctor_photo } } : {}),
      patient: { id: row.patient_id, fullName: row.patient_name, photoUrl: null },
      ...(row.conversation_id ? { conversationId: row.conversation_id } : {}),
      requestedAt: row.requested_at.toISOString(),
      assignedAt: row.assigned_at ? row.assigned_at.toISOString() : null,
      endedAt: row.ended_at ? row.ended_at.toISOString() : null,
    };
  }
}
