/** The library: the company profile and every kind of record, each with its editor. */
import { useState } from 'react';
import { EDITABLE_KINDS, FORMS, type EditableKind } from '../../../shared/forms';
import { CompanyForm } from './CompanyForm';
import { EntityScreen } from './EntityScreen';

type Section = 'company' | EditableKind;

export function LibraryScreen() {
  const [section, setSection] = useState<Section>('company');
  const sections: [Section, string][] = [['company', 'Company profile'], ...EDITABLE_KINDS.map((k): [Section, string] => [k, FORMS[k].title])];
  return (
    <div className="library">
      <nav className="sections" aria-label="Library sections">
        {sections.map(([id, label]) => (
          <button key={id} type="button" aria-current={section === id ? 'page' : undefined} onClick={() => setSection(id)}>
            {label}
          </button>
        ))}
      </nav>
      <div className="section-body">
        {section === 'company' ? <CompanyForm /> : <EntityScreen key={section} kind={section} />}
      </div>
    </div>
  );
}
