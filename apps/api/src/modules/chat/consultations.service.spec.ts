import { jest } from '@jest/globals';
import type { EntityManager } from '@mikro-orm/postgresql';
import { Clock } from '../../common/clock';
import type { AuthUser } from '../../common/auth-user';
import type { DoctorsService } from '../doctors/doctors.service';
import type { Realtime } from '../realtime/realtime.service';
import type { ChatService } from './chat.service';
import type { ConsultationRow, ConsultationsRepository } from './consultations.repository';
import { ConsultationsService } from './consultations.service';

const PATIENT = { id: 'p1', role: 'patient' } as AuthUser;
const REQUESTED_AT = new Date('2026-03-02T09:00:00Z');

function waitingRow(overrides: Partial<ConsultationRow> = {}): ConsultationRow {
  return {
    id: 'k1',
    status: 'waiting',
    reason: 'A rash on both arms',
    specialty: null,
    patient_id: PATIENT.id,
    patient_name: 'Olivia Bennett',
    doctor_id: null,
    doctor_name: null,
    doctor_photo: null,
    conversation_id: null,
    requested_at: REQUESTED_AT,
    assigned_at: null,
    ended_at: null,
    position: 1,
    ...overrides,
  };
}

/** What PostgreSQL answers when another instance's assignment took the doctor first. */
function lostRace(): Error {
  return Object.assign(new Error('duplicate key value violates unique constraint "consultations_doctor_assigned_key"'), {
    code: '23505',
    constraint: 'consultations_doctor_assigned_key',
  });
}

function fakes() {
  const rows = new Map<string, ConsultationRow>([['k1', waitingRow()]]);
  const repository = {
    insert: jest.fn<() => Promise<string>>().mockResolvedValue('k1'),
    one: jest.fn((id: string) => Promise.resolve(rows.get(id))),
    assignNext: jest.fn<() => Promise<{ id: string; patient_id: string; doctor_id: string } | undefined>>().mockResolvedValue(undefined),
    setConversation: jest.fn<() => Promise<void>>().mockResolvedValue(undefined),
    waiting: jest.fn(() => Promise.resolve([...rows.values()].filter((row) => row.status === 'waiting'))),
    availableDoctors: jest.fn(() => Promise.resolve([{ doctor_id: 'd1', full_name: 'Dr Amara Okafor', specialty: 'Cardiology', busy: true }])),
    averageMinutes: jest.fn<() => Promise<number | null>>().mockResolvedValue(12),
  };
  const em = { transactional: jest.fn((work: () => Promise<unknown>) => work()) };
  const chat = { openForConsultation: jest.fn<() => Promise<string>>().mockResolvedValue('c1') };
  const realtime = { toUsers: jest.fn(), toUsersAndAdmins: jest.fn(), toAdmins: jest.fn() };
  const service = new ConsultationsService(
    em as unknown as EntityManager,
    repository as unknown as ConsultationsRepository,
    chat as unknown as ChatService,
    {} as DoctorsService,
    realtime as unknown as Realtime,
    new Clock(),
  );
  return { service, repository, rows, realtime };
}

describe('ConsultationsService', () => {
  describe('request', () => {
    it('answers the saved waiting consultation when every assignment attempt loses its race (the presence job assigns it later)', async () => {
      const f = fakes();
      f.repository.assignNext.mockRejectedValue(lostRace());

      const answer = await f.service.request(PATIENT, { reason: 'A rash on both arms' });

      expect(answer).toMatchObject({ id: 'k1', status: 'waiting', position: 1, estimatedWaitMinutes: 12 });
      // the first attempt and its five retries, then it lets go
      expect(f.repository.assignNext).toHaveBeenCalledTimes(6);
      expect(f.repository.setConversation).not.toHaveBeenCalled();
    });

    it('assigns on a retry after losing one race, and answers the assigned consultation', async () => {
      const f = fakes();
      f.repository.assignNext
        .mockRejectedValueOnce(lostRace())
        .mockImplementationOnce(() => {
          f.rows.set('k1', waitingRow({ status: 'assigned', doctor_id: 'd1', doctor_name: 'Dr Amara Okafor', conversation_id: 'c1', position: null, assigned_at: REQUESTED_AT }));
          return Promise.resolve({ id: 'k1', patient_id: PATIENT.id, doctor_id: 'd1' });
        })
        .mockResolvedValue(undefined);

      const answer = await f.service.request(PATIENT, { reason: 'A rash on both arms' });

      expect(answer).toMatchObject({ id: 'k1', status: 'assigned', doctor: { id: 'd1' }, conversationId: 'c1' });
      expect(f.repository.setConversation).toHaveBeenCalledWith('k1', 'c1');
      expect(f.realtime.toUsersAndAdmins).toHaveBeenCalledWith(['p1', 'd1'], 'consultation:updated', expect.objectContaining({ status: 'assigned' }));
    });

    it('still fails on anything other than a lost race (the request is not answered as if it were fine)', async () => {
      const f = fakes();
      f.repository.assignNext.mockRejectedValue(new Error('connection terminated'));
      await expect(f.service.request(PATIENT, { reason: 'A rash on both arms' })).rejects.toThrow('connection terminated');
    });
  });
});
