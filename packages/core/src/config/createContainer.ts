import 'reflect-metadata';
import { container as rootContainer, type DependencyContainer } from 'tsyringe';
import { createAmqpSink, type AmqpSinkOptions } from '../sinks/AmqpSink';
import type { EventSink } from '../sinks/EventSink';
import { createAmqpSource, type AmqpSource, type AmqpSourceOptions } from '../sources/AmqpSource';
import type { EventStore } from '../stores/EventStore';
import { createElasticsearchStore } from '../stores/elasticsearch/ElasticsearchStore';
import { createSqliteStore } from '../stores/SqliteStore';
import type { PluginCatalog, PluginFactory } from './PluginCatalog';

/** Kinds of things the container builds by name. */
export type ComponentKind = 'store' | 'sink' | 'source' | 'enrichment' | 'enrichmentPreset' | 'correlation' | 'response';

/** The token a component is registered under: `vigil:<kind>:<name>`, e.g. `vigil:store:sqlite`. */
export const componentToken = (kind: ComponentKind, name: string): string => `vigil:${kind}:${name}`;

/** Builds a store from its configuration section. */
export type StoreFactory = (options: { dataDir: string; node?: string | string[]; indexPrefix?: string; retentionDays?: number }) => EventStore;
/** Builds a sink. */
export type SinkFactory = (options: AmqpSinkOptions) => EventSink;
/** Builds a source. */
export type SourceFactory = (options: AmqpSourceOptions) => AmqpSource;

/**
 * The DI container of one deployment (a tsyringe child container): stores, sources and sinks by type name,
 * and every plugin factory of the loaded catalogs by plugin name. Configuration names things; this resolves them.
 */
export function createContainer(catalogs: readonly PluginCatalog[]): DependencyContainer {
  const container = rootContainer.createChildContainer();
  container.register<StoreFactory>(componentToken('store', 'sqlite'), { useValue: (o) => createSqliteStore({ dataDir: o.dataDir }) });
  container.register<StoreFactory>(componentToken('store', 'elasticsearch'), {
    useValue: (o) =>
      createElasticsearchStore({
        node: o.node ?? 'http://127.0.0.1:9200',
        ...(o.indexPrefix === undefined ? {} : { indexPrefix: o.indexPrefix }),
        ...(o.retentionDays === undefined ? {} : { retentionDays: o.retentionDays }),
      }),
  });
  container.register<SinkFactory>(componentToken('sink', 'amqp'), { useValue: createAmqpSink });
  container.register<SourceFactory>(componentToken('source', 'amqp'), { useValue: createAmqpSource });
  const add = (kind: ComponentKind, entries: Readonly<Record<string, PluginFactory<unknown>>> | undefined): void => {
    for (const [name, factory] of Object.entries(entries ?? {})) container.register(componentToken(kind, name), { useValue: factory });
  };
  for (const catalog of catalogs) {
    add('enrichment', catalog.enrichment);
    add('enrichmentPreset', catalog.enrichmentPresets);
    add('correlation', catalog.correlation);
    add('response', catalog.response);
  }
  return container;
}
