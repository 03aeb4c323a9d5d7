import { Global, Injectable, Module } from '@nestjs/common';
import { Test } from '@nestjs/testing';
import { AppConfig, loadConfig } from '../../config/app-config';
import { ClusterModule } from './cluster.module';
import { SharedCache, SharedCaches, type Invalidation } from './shared-caches';

@Injectable()
class Directory {
  readonly profiles = new SharedCache<string, string>('test.profiles', 60_000);
  readonly search = new SharedCache<string, number>('test.search', 60_000);
}

@Injectable()
class Impostor {
  readonly profiles = new SharedCache<string, string>('test.profiles', 60_000);
}

/** As the application's CoreModule provides it, without REDIS_URL: one instance. */
@Global()
@Module({
  providers: [{ provide: AppConfig, useFactory: () => loadConfig({ NODE_ENV: 'test', JWT_SECRET: 'x'.repeat(32), DATA_DIR: '/tmp/carebook-shared-caches-spec' }) }],
  exports: [AppConfig],
})
class ConfigModule {}

/** The application's caches as SharedCaches finds them at start. */
async function start(providers: (typeof Directory | typeof Impostor)[]) {
  const moduleRef = await Test.createTestingModule({ imports: [ConfigModule, ClusterModule], providers }).compile();
  const app = moduleRef.createNestApplication({ logger: false });
  await app.init();
  return app;
}

describe('SharedCache', () => {
  it('tells its bus about deletes and clears, not about entries that expire', () => {
    const sent: Invalidation[] = [];
    const cache = new SharedCache<string, number>('test.numbers', 1000);
    cache.connect((invalidation) => sent.push(invalidation));
    cache.set('a', 1, 0);
    expect(cache.get('a', 1000)).toBeUndefined();
    cache.delete('b');
    cache.clear();
    expect(sent).toEqual([{ cache: 'test.numbers', key: 'b' }, { cache: 'test.numbers' }]);
  });

  it('drops what another instance invalidated without telling anyone again', () => {
    const sent: Invalidation[] = [];
    const cache = new SharedCache<string, number>('test.numbers', 1000);
    cache.connect((invalidation) => sent.push(invalidation));
    cache.set('a', 1, 0);
    cache.set('b', 2, 0);
    cache.drop('a');
    expect([cache.get('a', 1), cache.get('b', 1)]).toEqual([undefined, 2]);
    cache.drop();
    expect(cache.get('b', 1)).toBeUndefined();
    expect(sent).toEqual([]);
  });
});

describe('SharedCaches', () => {
  describe('onApplicationBootstrap', () => {
    it("finds every provider's shared caches by name", async () => {
      const app = await start([Directory]);
      expect(app.get(SharedCaches).names()).toEqual(['test.profiles', 'test.search']);
      await app.close();
    });

    it('refuses two caches with one name, whose invalidations would mix', async () => {
      await expect(start([Directory, Impostor])).rejects.toThrow('Two caches are named test.profiles');
    });
  });

  describe('receive', () => {
    it("applies another instance's invalidation to the named cache only", async () => {
      const app = await start([Directory]);
      const { profiles, search } = app.get(Directory);
      profiles.set('d1', 'Dr One');
      profiles.set('d2', 'Dr Two');
      search.set('q', 3);
      const caches = app.get(SharedCaches);
      caches.receive(JSON.stringify({ from: 'another-instance', cache: 'test.profiles', key: 'd1' }));
      expect([profiles.get('d1'), profiles.get('d2'), search.get('q')]).toEqual([undefined, 'Dr Two', 3]);
      caches.receive(JSON.stringify({ from: 'another-instance', cache: 'test.search' }));
      expect(search.get('q')).toBeUndefined();
      await app.close();
    });

    it('ignores what it cannot read and caches it does not have', async () => {
      const app = await start([Directory]);
      const { profiles } = app.get(Directory);
      profiles.set('d1', 'Dr One');
      const caches = app.get(SharedCaches);
      caches.receive('not json');
      caches.receive(JSON.stringify({ from: 'another-instance', cache: 'test.unknown' }));
      expect(profiles.get('d1')).toBe('Dr One');
      await app.close();
    });
  });
});
