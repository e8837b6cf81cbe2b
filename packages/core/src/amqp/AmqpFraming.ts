/**
 * How events are laid out in messages: `mozdef` is one JSON event per message (what MozDef's loginput and
 * shippers such as syslog-ng, nxlog and Logstash AMQP outputs send); `batch` is many events per message as NDJSON.
 */
export type AmqpFraming = 'mozdef' | 'batch';

/** Content type of batched messages. */
export const NDJSON_CONTENT_TYPE = 'application/x-ndjson';

/** Header counting delivery attempts across retries. */
export const ATTEMPTS_HEADER = 'x-vigil-attempts';

/** Header carrying why a message was dead-lettered. */
export const REASON_HEADER = 'x-vigil-reason';
