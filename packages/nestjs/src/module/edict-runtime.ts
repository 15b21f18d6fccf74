import { Edict, type EdictOptions } from '@edict/core';
import { Inject, Injectable, type OnApplicationBootstrap, type OnModuleDestroy } from '@nestjs/common';
import { DiscoveryService } from '@nestjs/core';
import { EDICT_MODULE_OPTIONS, MODULE_ONLY_OPTIONS, type EdictModuleOptions } from '../options/edict-module-options';
import { EdictService } from '../service/edict-service';
import { sortProviders } from './sort-providers';

/**
 * Starts Edict when the application bootstraps, once every provider exists (so that the
 * module finds them all), and stops it when the application shuts down (`app.close()`, or a
 * signal with `enableShutdownHooks()`): new commands are refused from then on
 * (`EdictStoppedError`, a 503 through `EdictExceptionFilter`), the commands under way finish
 * and are stored, the handlers stop and the store closes. This happens in `onModuleDestroy`,
 * before the HTTP server closes and before `onApplicationShutdown` hooks close what the
 * handlers may use (a TypeORM DataSource).
 */
@Injectable()
export class EdictRuntime implements OnApplicationBootstrap, OnModuleDestroy {
  private stopping: Promise<void> | undefined;
  private edict: Edict | undefined;

  constructor(
    @Inject(EDICT_MODULE_OPTIONS) private readonly options: EdictModuleOptions,
    private readonly discovery: DiscoveryService,
    private readonly service: EdictService,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    const edictOptions: Record<string, unknown> = { ...this.options };
    for (const key of MODULE_ONLY_OPTIONS) delete edictOptions[key];
    const providers = this.discovery.getProviders().map((wrapper) => ({
      metatype: wrapper.metatype,
      instance: wrapper.instance as unknown,
      singleton: wrapper.isDependencyTreeStatic() && !wrapper.isTransient,
    }));
    try {
      const found = sortProviders(this.options, providers);
      this.edict = await Edict.create({ ...(edictOptions as unknown as EdictOptions), ...found });
    } catch (error) {
      // Nothing will stop it: close the store the options opened, unless it is shared.
      if (this.options.closeStore !== false) await this.options.store?.close?.();
      throw error;
    }
    this.service.attach(this.edict, this.options.store);
  }

  onModuleDestroy(): Promise<void> {
    this.stopping ??= this.edict
      ? this.edict.stop()
      : Promise.resolve(this.options.closeStore !== false ? this.options.store?.close?.() : undefined);
    return this.stopping;
  }
}
