import { ConflictException, Injectable, NotFoundException } from '@nestjs/common';
import { EntityManager } from '@mikro-orm/postgresql';
import type { UserStatus } from '@carebook/shared';
import type { AuthUser } from '../../common/auth-user';
import type { Page } from '../../common/dto/pagination.dto';
import { AuditService } from '../audit/audit.service';
import { AuthService } from '../auth/auth.service';
import type { DoctorProfile } from '../doctors/doctor-profile.entity';
import { AvailabilityService } from '../doctors/availability.service';
import { DoctorsService } from '../doctors/doctors.service';
import { NotificationsService } from '../notifications/notifications.service';
import type { NotificationRow } from '../notifications/notifications.repository';
import type { User } from '../users/user.entity';
import { Realtime } from '../realtime/realtime.service';
import { UsersService } from '../users/users.service';
import type { AdminUserDto, ListUsersQuery } from './dto/admin-users.dto';

function toAdminUser(user: User, profile?: DoctorProfile): AdminUserDto {
  return {
    id: user.id,
    email: user.email,
    fullName: user.fullName,
    role: user.role,
    status: user.status,
    phone: user.phone ?? null,
    createdAt: user.createdAt.toISOString(),
    statusReason: user.statusReason ?? null,
    specialty: profile?.specialty.name ?? null,
    licenseNumber: profile?.licenseNumber ?? null,
  };
}

type Decision = 'approve' | 'reject' | 'suspend' | 'reactivate';

/** Which status each decision needs and produces. */
const TRANSITIONS: Record<Decision, { from: UserStatus[]; to: UserStatus; doctorsOnly: boolean; message: string }> = {
  approve: { from: ['pending', 'rejected'], to: 'active', doctorsOnly: true, message: 'Only pending or rejected doctor applications can be approved' },
  reject: { from: ['pending'], to: 'rejected', doctorsOnly: true, message: 'Only pending doctor applications can be rejected' },
  suspend: { from: ['active'], to: 'suspended', doctorsOnly: false, message: 'Only active accounts can be suspended' },
  reactivate: { from: ['suspended'], to: 'active', doctorsOnly: false, message: 'Only suspended accounts can be reactivated' },
};

@Injectable()
export class AdminUsersService {
  constructor(
    private readonly em: EntityManager,
    private readonly users: UsersService,
    private readonly doctors: DoctorsService,
    private readonly availability: AvailabilityService,
    private readonly auth: AuthService,
    private readonly audit: AuditService,
    private readonly realtime: Realtime,
    private readonly notifications: NotificationsService,
  ) {}

  async list(query: ListUsersQuery): Promise<Page<AdminUserDto>> {
    const { items, total } = await this.users.list(query);
    const profiles = await this.doctors.profilesFor(items.filter((u) => u.role === 'doctor').map((u) => u.id));
    return { items: items.map((user) => toAdminUser(user, profiles.get(user.id))), total };
  }

  async decide(admin: AuthUser, userId: string, decision: Decision, reason?: string): Promise<AdminUserDto> {
    const rule = TRANSITIONS[decision];
    const user = await this.users.findById(userId);
    if (!user || (rule.doctorsOnly && user.role !== 'doctor')) {
      throw new NotFoundException(rule.doctorsOnly ? 'No such doctor application' : 'No such user');
    }
    if (user.id === admin.id) throw new ConflictException('You cannot change the status of your own account');
    if (!rule.from.includes(user.status)) throw new ConflictException(rule.message);

    const from = user.status;
    this.users.setStatus(user, rule.to, rule.to === 'active' ? null : reason || null);
    const entry = this.audit.record({
      actorId: admin.id,
      action: `user.${decision}`,
      targetType: 'user',
      targetId: user.id,
      details: { from, to: rule.to, ...(reason ? { reason } : {}) },
    });
    // The status change, its audit entry and the doctor's notice (an application decided) commit together.
    const published: NotificationRow[] = await this.em.transactional(async () => {
      await this.em.flush();
      if (decision !== 'approve' && decision !== 'reject') return [];
      return this.notifications.notify([
        {
          kind: decision === 'approve' ? 'doctor-approved' : 'doctor-rejected',
          // the audit entry is this decision: a rejected doctor approved later is told again
          eventKey: `audit:${entry.id}`,
          recipientId: user.id,
          summary: decision === 'approve' ? 'Patients can now book you' : (reason ?? 'Your application was not approved'),
          link: decision === 'approve' ? '/doctor/hours' : '/account',
          actionLabel: decision === 'approve' ? 'Set your hours' : 'Open your account',
          context: { statusReason: reason ?? null },
        },
      ]);
    });
    await this.notifications.announce(published);
    // Whether a doctor can be booked changed: this process's slot searches must see it at once, and open
    // slot pickers fetch again.
    if (user.role === 'doctor') {
      this.availability.invalidate(user.id);
      this.realtime.slotsChanged(user.id);
    }
    // Also ends their live connections on every instance.
    if (rule.to === 'suspended' || rule.to === 'rejected') await this.auth.signOutEverywhere(user.id);

    const profiles = await this.doctors.profilesFor(user.role === 'doctor' ? [user.id] : []);
    return toAdminUser(user, profiles.get(user.id));
  }
}
