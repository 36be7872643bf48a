/**
 * A stage's selected questions, in interview order: reorder by dragging or
 * with the keyboard (focus a handle, Space to lift, arrows to move, Space to
 * drop; or the Move buttons), remove, and add from a search.
 */
import { DndContext, KeyboardSensor, PointerSensor, closestCenter, useSensor, useSensors, type DragEndEvent } from '@dnd-kit/core';
import { SortableContext, sortableKeyboardCoordinates, useSortable, verticalListSortingStrategy } from '@dnd-kit/sortable';
import { CSS } from '@dnd-kit/utilities';
import { useEffect, useMemo, useState } from 'react';
import { useController, useFormContext } from 'react-hook-form';
import { moveItem } from '../../../shared/forms';
import type { OutputOf } from '../../../shared/ipc';
import { call } from '../api';
import { useList } from '../queries';

function Row({ id, index, count, text, minutes, onMove, onRemove }: {
  id: string;
  index: number;
  count: number;
  text: string;
  minutes: number;
  onMove: (to: number) => void;
  onRemove: () => void;
}) {
  const { attributes, listeners, setNodeRef, transform, transition, isDragging } = useSortable({ id });
  const style = { transform: CSS.Transform.toString(transform), transition };
  return (
    <li ref={setNodeRef} style={style} className={`sortable${isDragging ? ' dragging' : ''}`}>
      <button type="button" className="handle" aria-label={`Reorder question ${index + 1}`} {...attributes} {...listeners}>⠿</button>
      <span className="num">{index + 1}.</span>
      <span className="qtext">{text}</span>
      <span className="muted">{minutes} min</span>
      <button type="button" className="icon" aria-label={`Move question ${index + 1} up`} disabled={index === 0} onClick={() => onMove(index - 1)}>↑</button>
      <button type="button" className="icon" aria-label={`Move question ${index + 1} down`} disabled={index === count - 1} onClick={() => onMove(index + 1)}>↓</button>
      <button type="button" className="icon" aria-label={`Remove question ${index + 1} from the stage`} onClick={onRemove}>✕</button>
    </li>
  );
}

export function StageQuestions({ name }: { name: string }) {
  const { control } = useFormContext();
  const { field } = useController({ name, control });
  const ids = useMemo(() => (Array.isArray(field.value) ? (field.value as string[]) : []), [field.value]);
  const { data: questions = [] } = useList('questions');
  const byId = useMemo(() => new Map(questions.map((q) => [q.id, q])), [questions]);
  const sensors = useSensors(useSensor(PointerSensor), useSensor(KeyboardSensor, { coordinateGetter: sortableKeyboardCoordinates }));
  const total = ids.reduce((sum, id) => sum + Number(byId.get(id)?.minutes ?? 0), 0);

  const onDragEnd = (e: DragEndEvent) => {
    if (!e.over || e.active.id === e.over.id) return;
    field.onChange(moveItem(ids, ids.indexOf(String(e.active.id)), ids.indexOf(String(e.over.id))));
  };

  return (
    <fieldset className="field stage-questions">
      <legend>Questions, in interview order</legend>
      <p className="help">{ids.length} questions · {total} minutes of questions. Drag a handle, or focus it and use Space and the arrow keys.</p>
      <DndContext sensors={sensors} collisionDetection={closestCenter} onDragEnd={onDragEnd}>
        <SortableContext items={ids} strategy={verticalListSortingStrategy}>
          <ol className="sortable-list" aria-label="Selected questions">
            {ids.map((id, i) => (
              <Row
                key={id}
                id={id}
                index={i}
                count={ids.length}
                text={String(byId.get(id)?.text ?? '(question not found)')}
                minutes={Number(byId.get(id)?.minutes ?? 0)}
                onMove={(to) => field.onChange(moveItem(ids, i, to))}
                onRemove={() => field.onChange(ids.filter((x) => x !== id))}
              />
            ))}
          </ol>
        </SortableContext>
      </DndContext>
      <AddQuestions chosen={ids} onAdd={(id) => field.onChange([...ids, id])} />
    </fieldset>
  );
}

function AddQuestions({ chosen, onAdd }: { chosen: string[]; onAdd: (id: string) => void }) {
  const [text, setText] = useState('');
  const [hits, setHits] = useState<OutputOf<'questions.search'>>([]);
  useEffect(() => {
    if (!text.trim()) return;
    let live = true;
    call('questions.search', { text, limit: 8 }).then((h) => live && setHits(h)).catch(() => live && setHits([]));
    return () => {
      live = false;
    };
  }, [text]);
  const shown = text.trim() ? hits.filter((h) => !chosen.includes(h.id)) : [];
  return (
    <div className="add-questions">
      <label>
        Add a question
        <input type="search" value={text} placeholder="Search the question banks" onChange={(e) => setText(e.target.value)} />
      </label>
      {shown.length > 0 && (
        <ul>
          {shown.map((h) => (
            <li key={h.id}>
              <span>{h.text}</span>
              <button type="button" onClick={() => onAdd(h.id)} aria-label={`Add to stage: ${h.text}`}>Add</button>
            </li>
          ))}
        </ul>
      )}
    </div>
  );
}
