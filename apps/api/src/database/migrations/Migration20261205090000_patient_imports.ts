import { Migration } from '@mikro-orm/migrations';

/**
 * Patient imports (the imports module): one row per uploaded patient list, with its progress and the rows it
 * refused. `updated_at` moves with every batch: a running import whose row has not moved for a while belongs to a
 * process that died, and is marked failed (see ImportsRepository.failAbandoned).
 */
export class Migration20261205090000_patient_imports extends Migration {
  override up(): void {
    this.addSql(`create table patient_imports (
      id uuid primary key default gen_random_uuid(),
      created_by uuid null references users (id) on delete set null,
      file_name text not null,
      status text not null default 'running' check (status in ('running', 'done', 'failed')),
      total int not null default 0,
      processed int not null default 0,
      created int not null default 0,
      skipped int not null default 0,
      refused jsonb not null default '[]',
      refused_count int not null default 0,
      error text null,
      created_at timestamptz not null default now(),
      updated_at timestamptz not null default now(),
      finished_at timestamptz null
    );`);
    this.addSql(`create index patient_imports_created_idx on patient_imports (created_at desc);`);
    this.addSql(`create index patient_imports_running_idx on patient_imports (updated_at) where status = 'running';`);
  }
}
