import { Injectable } from '@nestjs/common';
import { Cron, CronExpression } from '@nestjs/schedule';
import { EntityManager } from '@mikro-orm/postgresql';
import { ScheduledJob } from '../../common/scheduled-job';
import { Clock } from '../../common/clock';
import { ClinicService } from '../clinic/clinic.service';
import { NotificationsService } from '../notifications/notifications.service';
import { AppointmentNotifier } from './appointment-notifier';
import { AppointmentsRepository, type ExpiredRow } from './appointments.repository';
import { AppointmentsService } from './appointments.service';

/** Any number that no other advisory lock of this database uses. */
const EXPIRY_LOCK_KEY = 0x63627830; // "cbx0"
/** Requests expired per statement; a backlog is worked off in several. */
const BATCH = 500;

/**
 * Cancels requests the doctor did not answer in time (the settings' pendingExpiryHours) or whose start
 * has passed, so their slots are offered again. Safe with several API instances: a transaction-scoped
 * advisory lock lets one instance run at a time, and the update itself only takes appointments that are
 * still pending, so nothing is ever expired twice.
 */
@Injectable()
export class AppointmentExpiryJob extends ScheduledJob<number> {
  constructor(
    em: EntityManager,
    private readonly repository: AppointmentsRepository,
    private readonly clinic: ClinicService,
    private readonly clock: Clock,
    private readonly notifier: AppointmentNotifier,
    private readonly appointments: AppointmentsService,
    private readonly notifications: NotificationsService,
  ) {
    super(em, 'Expiring pending appointments');
  }

  @Cron(CronExpression.EVERY_MINUTE, { name: 'expire-pending-appointments' })
  protected override tick(): Promise<void> {
    return super.tick();
  }

  /** Expires what is due now; returns how many appointments this run expired (0 when another instance holds the lock). */
  protected work(): Promise<number> {
    return this.expireDue();
  }

  private async expireDue(): Promise<number> {
    const { pendingExpiryHours } = await this.clinic.rules({ fresh: true });
    const now = this.clock.now();
    const requestedBefore = new Date(now.getTime() - pendingExpiryHours * 3_600_000);
    const expired: ExpiredRow[] = [];
    for (;;) {
      // Each batch and what it notifies (patient and doctor) commit together.
      const result = await this.em.transactional(async () => {
        const batch = await this.repository.expirePending({
          lockKey: EXPIRY_LOCK_KEY,
          requestedBefore,
          now,
          limit: BATCH,
          reason: `The doctor did not confirm the request within ${pendingExpiryHours} hours`,
        });
        return batch && { batch, published: await this.appointments.notifyExpired(batch) };
      });
      if (!result) break;
      expired.push(...result.batch);
      await this.notifications.announce(result.published);
      if (result.batch.length < BATCH) break;
    }
    for (const row of expired) {
      this.notifier.changed(
        {
          id: row.id,
          status: row.status,
          doctorId: row.doctor_id,
          patientId: row.patient_id,
          startsAt: new Date(row.starts_at).toISOString(),
          endsAt: new Date(row.ends_at).toISOString(),
        },
        'expired',
        true,
      );
    }
    if (expired.length > 0) this.logger.log(`Expired ${expired.length} unanswered appointment request(s)`);
    return expired.length;
  }
}
