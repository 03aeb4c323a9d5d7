import { defineEntity, p } from '@mikro-orm/core';
import { IMPORT_STATUSES, type ImportRefusal } from '@carebook/shared';
import { UserSchema } from '../users/user.entity';

/**
 * An uploaded patient list and its progress (the imports module's table, exactly as its migration defines it).
 * Reads and writes are SQL in ImportsRepository; this definition keeps the schema test honest.
 */
const PatientImportSchema = defineEntity({
  name: 'PatientImport',
  tableName: 'patient_imports',
  properties: {
    id: p.uuid().primary().defaultRaw('gen_random_uuid()'),
    createdBy: () => p.manyToOne(UserSchema).mapToPk().fieldName('created_by').nullable().deleteRule('set null').updateRule('no action'),
    fileName: p.text(),
    status: p.enum(IMPORT_STATUSES).default('running'),
    total: p.integer().default(0),
    processed: p.integer().default(0),
    created: p.integer().default(0),
    skipped: p.integer().default(0),
    /** The first refusals (IMPORT_REFUSALS_KEPT); `refusedCount` counts every refused row. */
    refused: p.json<ImportRefusal[]>().defaultRaw(`'[]'`),
    refusedCount: p.integer().default(0),
    error: p.text().nullable(),
    createdAt: p.datetime().defaultRaw('now()'),
    updatedAt: p.datetime().defaultRaw('now()'),
    finishedAt: p.datetime().nullable(),
  },
  indexes: [
    { name: 'patient_imports_created_idx', expression: 'create index patient_imports_created_idx on patient_imports (created_at desc)' },
    {
      name: 'patient_imports_running_idx',
      expression: `create index patient_imports_running_idx on patient_imports (updated_at) where status = 'running'`,
    },
  ],
});

export { PatientImportSchema };
