import { defineEntity, p } from '@mikro-orm/core';
import { UserSchema } from '../users/user.entity';
import { AppointmentSchema } from './appointment.entity';

/**
 * A doctor's note on one appointment, append-only (the database refuses edits and deletes; see
 * Migration20261205200100_visit_notes). `content` is a RecordCipher value of the note's body, diagnosis,
 * prescriptions and follow-up; the id is drawn before encryption because it is bound into the ciphertext.
 */
const VisitNoteSchema = defineEntity({
  name: 'VisitNote',
  tableName: 'visit_notes',
  properties: {
    id: p.uuid().primary(),
    appointmentId: () =>
      p
        .manyToOne(AppointmentSchema)
        .mapToPk()
        .fieldName('appointment_id')
        .foreignKeyName('visit_notes_appointment_id_fkey')
        .updateRule('no action')
        .deleteRule('no action'),
    authorId: () =>
      p
        .manyToOne(UserSchema)
        .mapToPk()
        .fieldName('author_id')
        .foreignKeyName('visit_notes_author_id_fkey')
        .updateRule('no action')
        .deleteRule('no action'),
    amends: () =>
      p
        .manyToOne(VisitNoteSchema)
        .mapToPk()
        .nullable()
        .fieldName('amends')
        .foreignKeyName('visit_notes_amends_fkey')
        .updateRule('no action')
        .deleteRule('no action'),
    content: p.text(),
    createdAt: p.datetime().defaultRaw('now()'),
  },
  indexes: [{ name: 'visit_notes_appointment_idx', properties: ['appointmentId', 'createdAt'] }],
  uniques: [{ name: 'visit_notes_amends_key', properties: ['amends'] }],
});

export class VisitNote extends VisitNoteSchema.class {}
VisitNoteSchema.setClass(VisitNote);
export { VisitNoteSchema };
