import { z } from 'zod';
import { authEvents } from './auth.ts';
import { bpmCommands, bpmEvents, bpmReplies } from './bpm.ts';
import { docsCommands, docsReplies } from './docs.ts';
import { fileEvents } from './files.ts';
import { topics } from './topics.ts';

type Catalogue = Record<string, z.ZodType>;

/** Every channel, who sends on it, and the message types it carries. */
const channels: { topic: string; owner: string; description: string; messages: Catalogue }[] = [
  {
    topic: topics.authEvents,
    owner: 'auth',
    description: 'Access changes every service applies to the access tokens it accepts (key: user name or token id).',
    messages: authEvents,
  },
  { topic: topics.filesEvents, owner: 'files', description: 'Public events of the Expediente aggregate (key: expediente code).', messages: fileEvents },
  { topic: topics.bpmEvents, owner: 'bpm', description: 'Public events of process instances (key: process id).', messages: bpmEvents },
  { topic: topics.bpmCommands, owner: 'bpm', description: 'Commands bpm accepts from the create-expediente saga.', messages: bpmCommands },
  { topic: topics.docsCommands, owner: 'docs', description: 'Commands docs accepts from the create-expediente saga.', messages: docsCommands },
  {
    topic: topics.createFileReplies,
    owner: 'files',
    description: 'Replies of saga participants to the create-expediente saga (key: saga id).',
    messages: { ...bpmReplies, ...docsReplies },
  },
];

const envelopeAttributes = {
  type: 'object',
  description: 'CloudEvents 1.0 attributes plus Tramita extensions (structured mode: the whole envelope is the Kafka record value).',
  required: ['specversion', 'id', 'source', 'type', 'subject', 'time', 'datacontenttype', 'schemaversion', 'correlationid', 'causationid', 'data'],
  properties: {
    specversion: { const: '1.0' },
    id: { type: 'string', description: 'Unique message id (UUIDv7); consumers deduplicate on it.' },
    source: { type: 'string', description: 'Producing service.' },
    type: { type: 'string', description: 'Message type, e.g. FileCreated.' },
    subject: { type: 'string', description: 'Aggregate id; also the partition key.' },
    time: { type: 'string', format: 'date-time' },
    datacontenttype: { const: 'application/json' },
    schemaversion: { type: 'integer', description: 'Version of the data schema for this type.' },
    correlationid: { type: 'string' },
    causationid: { type: ['string', 'null'] },
    sagaid: { type: 'string' },
    sagastep: { type: 'string' },
    sagadirection: { enum: ['forward', 'backward'] },
    replyto: { type: 'string' },
    outcome: { enum: ['success', 'failure'] },
  },
};

/** The AsyncAPI 3.0 document of every message Tramita's services exchange. */
export function asyncApiDocument(): Record<string, unknown> {
  const messages: Record<string, unknown> = {};
  const channelDocs: Record<string, unknown> = {};
  for (const channel of channels) {
    const refs: Record<string, unknown> = {};
    for (const [name, schema] of Object.entries(channel.messages)) {
      messages[name] = {
        name,
        contentType: 'application/json',
        headers: envelopeAttributes,
        payload: z.toJSONSchema(schema, { target: 'draft-2020-12', io: 'output' }),
      };
      refs[name] = { $ref: `#/components/messages/${name}` };
    }
    channelDocs[channel.topic] = { address: channel.topic, description: `${channel.description} Owner: ${channel.owner}.`, messages: refs };
  }
  return {
    asyncapi: '3.0.0',
    info: { title: 'Tramita messages', version: '1.0.0', description: 'Events, saga commands and replies exchanged by Tramita services.' },
    defaultContentType: 'application/json',
    channels: channelDocs,
    components: { messages },
  };
}
