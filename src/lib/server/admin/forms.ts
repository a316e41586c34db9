import { fail, isActionFailure, type ActionFailure, type RequestEvent } from '@sveltejs/kit';
import type { z } from 'zod';
import { audit, type AuditEntry } from '../audit';
import { actorOf, type Principal } from '../auth/principal';
import { describeIssue } from '../http/validate';
import { ApiError } from '../http/errors';

/** What an admin form action works with: the runtime, the admin, and the submitted form. */
export interface AdminForm {
	app: App.Locals['app'];
	principal: Principal;
	form: FormData;
	record(entry: Omit<AuditEntry, 'actor' | 'ip'>): void;
}

/**
 * Reads an admin action's form. The hooks already refused non-admins (route policy) and cross-site posts
 * (Origin); a body that is not a form is a 400 with a message rather than a 500.
 */
export async function adminForm(event: RequestEvent): Promise<AdminForm | ActionFailure<{ error: string }>> {
	const principal = event.locals.principal;
	if (!principal) return fail(401, { error: 'log in first' });
	let form: FormData;
	try {
		form = await event.request.formData();
	} catch {
		return fail(400, { error: 'body: send the form (urlencoded or multipart)' });
	}
	const app = event.locals.app;
	const ip = event.getClientAddress();
	return {
		app,
		principal,
		form,
		record: (entry) => void audit(app.client, { ...entry, actor: actorOf(principal), ip })
	};
}

export const isFailure = (
	value: AdminForm | ActionFailure<{ error: string }>
): value is ActionFailure<{ error: string }> => !('form' in value);

/** A text field, trimmed; '' when missing or a file. */
export function field(form: FormData, name: string): string {
	const value = form.get(name);
	return typeof value === 'string' ? value.trim() : '';
}

/** A list typed as comma- or newline-separated values. */
export function listField(form: FormData, name: string): string[] {
	return field(form, name)
		.split(/[,\n]/)
		.map((item) => item.trim())
		.filter(Boolean);
}

/** The first problem zod found, as "field: reason" for the page. */
export function firstIssue(error: z.ZodError): string {
	const { field, message } = describeIssue(error.issues[0]!, { fallback: '' });
	return field ? `${field}: ${message}` : message;
}

type Refusal = ActionFailure<{ action: string; error: string }>;
export const refused = <T>(value: T | Refusal): value is Refusal => isActionFailure(value);

/** Checks shared with the API answer with ApiErrors; a form shows them as "field: reason". */
export async function refusal<T>(action: string, work: Promise<T>): Promise<T | Refusal> {
	try {
		return await work;
	} catch (error) {
		if (!(error instanceof ApiError)) throw error;
		return fail(error.status, { action, error: `${error.field}: ${error.message}` });
	}
}
