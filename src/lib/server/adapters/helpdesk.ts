import { z } from 'zod';
import type { MentionInput } from '../ingest/schema';
import { joinText, stripHtml, toIsoDate } from './text';
import { emptyResult, rejectionFromZod, type AdapterResult } from './types';

/**
 * A ticket's mention id carries the help desk's name, so ticket 42 of Zendesk and ticket 42 of Freshdesk
 * stay two mentions, and an agent's reply finds its ticket by the same id.
 */
export const ticketMentionId = (desk: 'zendesk' | 'freshdesk', ticketId: string | number) =>
	`${desk}:${ticketId}`;

const idString = z.union([z.string().min(1), z.number().int()]).transform(String);

/** The envelope of a Zendesk event webhook (`zen:event-type:ticket.*`). */
export const zendeskEventSchema = z.looseObject({
	type: z.string(),
	id: z.string(),
	time: z.string(),
	subject: z.string().optional(),
	detail: z.looseObject({
		id: idString,
		subject: z.string().nullish(),
		description: z.string().nullish(),
		created_at: z.string().optional(),
		requester_id: idString.nullish(),
		via: z.looseObject({ channel: z.string().optional() }).optional()
	}),
	event: z.looseObject({}).optional()
});

export const zendeskCommentEventSchema = z.looseObject({
	comment: z.looseObject({
		id: idString,
		body: z.string().nullish(),
		is_public: z.boolean(),
		author: z.looseObject({ id: idString, is_staff: z.boolean(), name: z.string().optional() })
	})
});

export interface HelpdeskOptions {
	brand: string;
	/** Used when the payload has no time of its own (Freshdesk): when the webhook was received. */
	now?: Date;
}

/**
 * `ticket.created` is a mention (source `support`); `ticket.comment_added` with a public comment by staff
 * is the brand's reply to it. The requester's own comments, private notes and other events are ignored.
 */
export function mapZendeskEvent(payload: unknown, options: HelpdeskOptions): AdapterResult {
	const result = emptyResult();
	const parsed = zendeskEventSchema.safeParse(payload);
	if (!parsed.success) {
		result.rejected.push(rejectionFromZod(0, parsed.error));
		return result;
	}
	const event = parsed.data;
	const mentionId = ticketMentionId('zendesk', event.detail.id);
	if (event.type === 'zen:event-type:ticket.created') {
		const text = joinText(event.detail.subject, stripHtml(event.detail.description ?? ''));
		if (!text) {
			result.rejected.push({ index: 0, field: 'detail.description', message: 'is empty' });
			return result;
		}
		const mention: MentionInput = {
			id: mentionId,
			brand: options.brand,
			source: 'support',
			text,
			created_at: toIsoDate(event.detail.created_at ?? event.time)
		};
		if (event.detail.requester_id) mention.author = `zendesk-user:${event.detail.requester_id}`;
		result.mentions.push({ index: 0, item: mention });
	} else if (event.type === 'zen:event-type:ticket.comment_added') {
		const comment = zendeskCommentEventSchema.safeParse(event.event);
		if (!comment.success) {
			result.rejected.push(rejectionFromZod(0, comment.error, 'event'));
			return result;
		}
		const { is_public, author } = comment.data.comment;
		if (!is_public || !author.is_staff) {
			result.ignored += 1;
			return result;
		}
		result.responses.push({
			index: 0,
			item: {
				mention_id: mentionId,
				brand: options.brand,
				responded_at: toIsoDate(event.time),
				channel: 'support',
				agent: author.name ?? `zendesk-user:${author.id}`
			}
		});
	} else {
		result.ignored += 1;
	}
	return result;
}

/**
 * Freshdesk has no fixed webhook body: an automation rule sends what its author picks. We read the
 * "simple" JSON that names fields after the placeholders (`{{ticket.id}}` → `ticket_id`) inside
 * `freshdesk_webhook`, which is what the rule editor produces when all ticket fields are ticked.
 */
export const freshdeskWebhookSchema = z.looseObject({
	freshdesk_webhook: z.looseObject({
		ticket_id: idString,
		ticket_subject: z.string().nullish(),
		ticket_description: z.string().nullish(),
		ticket_created_at: z.string().nullish(),
		ticket_requester_name: z.string().nullish(),
		ticket_url: z.string().nullish(),
		ticket_agent_name: z.string().nullish(),
		ticket_latest_public_comment: z.string().nullish(),
		triggered_event: z.string().nullish()
	})
});

/**
 * A rule on ticket creation (`triggered_event` absent or `{ticket_action:created}`) makes a mention; a rule
 * on "Reply is sent" (`{reply_sent:sent}`) makes the reply to the ticket's mention.
 */
export function mapFreshdeskWebhook(payload: unknown, options: HelpdeskOptions): AdapterResult {
	const result = emptyResult();
	const parsed = freshdeskWebhookSchema.safeParse(payload);
	if (!parsed.success) {
		result.rejected.push(rejectionFromZod(0, parsed.error));
		return result;
	}
	const ticket = parsed.data.freshdesk_webhook;
	const event = ticket.triggered_event ?? '';
	const receivedAt = (options.now ?? new Date()).toISOString();
	const mentionId = ticketMentionId('freshdesk', ticket.ticket_id);
	if (/reply_sent/i.test(event)) {
		result.responses.push({
			index: 0,
			item: {
				mention_id: mentionId,
				brand: options.brand,
				responded_at: receivedAt,
				channel: 'support',
				...(ticket.ticket_agent_name ? { agent: ticket.ticket_agent_name } : {})
			}
		});
	} else if (!event || /ticket_action:created/i.test(event)) {
		const text = joinText(ticket.ticket_subject, stripHtml(ticket.ticket_description ?? ''));
		if (!text) {
			result.rejected.push({ index: 0, field: 'freshdesk_webhook.ticket_description', message: 'is empty' });
			return result;
		}
		const mention: MentionInput = {
			id: mentionId,
			brand: options.brand,
			source: 'support',
			text,
			created_at: ticket.ticket_created_at ? toIsoDate(ticket.ticket_created_at) : receivedAt
		};
		if (ticket.ticket_requester_name) mention.author = ticket.ticket_requester_name;
		if (ticket.ticket_url && /^https?:\/\//.test(ticket.ticket_url)) mention.url = ticket.ticket_url;
		result.mentions.push({ index: 0, item: mention });
	} else {
		result.ignored += 1;
	}
	return result;
}
