import type { MessageTransport, Subscription, TransportMessage } from '@tramita/messaging';

/**
 * Puts every topic and consumer group of a transport under a prefix, so several Tramita systems
 * (a developer's stack and the integration tests, say) can share one Kafka cluster without
 * reading each other's messages. Services keep using the plain names: publishing adds the prefix
 * (reply topics named inside envelopes included, since replies are published here too) and
 * delivery removes it. An empty prefix returns the transport itself.
 */
export function withTopicPrefix(transport: MessageTransport, prefix: string): MessageTransport {
  if (prefix === '') return transport;
  const strip = (message: TransportMessage): TransportMessage =>
    message.topic.startsWith(prefix) ? { ...message, topic: message.topic.slice(prefix.length) } : message;
  return {
    publish: (messages) => transport.publish(messages.map((message) => ({ ...message, topic: `${prefix}${message.topic}` }))),
    subscribe: (subscription: Subscription) =>
      transport.subscribe({
        group: `${prefix}${subscription.group}`,
        topics: subscription.topics.map((topic) => `${prefix}${topic}`),
        handle: (message) => subscription.handle(strip(message)),
        deadLetter: (message, reason, attempts) => subscription.deadLetter(strip(message), reason, attempts),
      }),
    close: () => transport.close(),
    // The backlog keeps the real (prefixed) topic and group names: they are what operators see on the broker.
    ...(transport.backlog ? { backlog: transport.backlog.bind(transport) } : {}),
  };
}
