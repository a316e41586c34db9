import type { ListMentionsResponse } from './api';

export type MentionRow = ListMentionsResponse['rows'][number];

/**
 * The rows of a drill-down: the first page from `load`, then further pages appended by "Load more" through
 * the keyset cursor. Appended pages belong to the first page they followed, so when `load` brings a new
 * first page (filters changed) they disappear with it, and a page still in flight for the old view is
 * dropped when it lands. Derived, not reset by an effect, so the server render already shows the rows.
 */
export class MentionList {
	readonly #first: () => ListMentionsResponse;
	readonly #fetchPage: (cursor: string) => Promise<ListMentionsResponse>;

	/** The first page the extra pages were fetched after. */
	#extraFor = $state.raw<ListMentionsResponse | null>(null);
	#extraRows = $state.raw<MentionRow[]>([]);
	#extraCursor = $state<string | null>(null);
	#loadingFor = $state.raw<ListMentionsResponse | null>(null);
	#errorFor = $state.raw<{ first: ListMentionsResponse; message: string } | null>(null);

	constructor(
		first: () => ListMentionsResponse,
		fetchPage: (cursor: string) => Promise<ListMentionsResponse>
	) {
		this.#first = first;
		this.#fetchPage = fetchPage;
	}

	readonly #current = $derived.by(() => this.#extraFor === this.#first());

	readonly rows: MentionRow[] = $derived.by(() =>
		this.#current ? [...this.#first().rows, ...this.#extraRows] : this.#first().rows
	);
	readonly total = $derived.by(() => this.#first().total);
	readonly nextCursor = $derived.by(() => (this.#current ? this.#extraCursor : this.#first().next_cursor));
	readonly hasMore = $derived(this.nextCursor !== null);
	readonly loading = $derived.by(() => this.#loadingFor !== null && this.#loadingFor === this.#first());
	readonly error = $derived.by(() =>
		this.#errorFor?.first === this.#first() ? this.#errorFor.message : null
	);

	async loadMore(): Promise<void> {
		const first = this.#first();
		const cursor = this.nextCursor;
		if (cursor === null || this.loading) return;
		this.#loadingFor = first;
		this.#errorFor = null;
		try {
			const page = await this.#fetchPage(cursor);
			if (this.#first() !== first) return;
			const before = this.#extraFor === first ? this.#extraRows : [];
			// A row can straddle pages if it was ingested between requests; the key keeps it listed once.
			const seen: Record<string, true> = {};
			for (const row of [...first.rows, ...before]) seen[`${row.source}:${row.id}`] = true;
			this.#extraRows = [...before, ...page.rows.filter((row) => !seen[`${row.source}:${row.id}`])];
			this.#extraCursor = page.next_cursor;
			this.#extraFor = first;
		} catch (error) {
			if (this.#first() === first)
				this.#errorFor = { first, message: error instanceof Error ? error.message : String(error) };
		} finally {
			if (this.#loadingFor === first) this.#loadingFor = null;
		}
	}
}
