# ruff: noqa: E501 - lesson prose, kept one sentence a line for whoever edits it
"""What the demo courses teach: a short reading, the text of the video (read aloud, and shown to
whoever cannot play it), and a quiz about the course's own subject. Plain Bahasa Indonesia, short
sentences; correct as far as a beginner's course goes."""

from __future__ import annotations

# code → (reading title, reading, video title, video text, [(kind, question, [(choice, right)])])
Question = tuple[str, str, list[tuple[str, bool]]]
CONTENT: dict[str, tuple[str, str, str, str, list[Question]]] = {
    "las-smaw-dasar": (
        "Mengenal las SMAW dan alat pelindung diri",
        "SMAW (Shielded Metal Arc Welding) adalah las listrik dengan elektroda terbungkus fluks. "
        "Busur listrik melelehkan ujung elektroda dan logam induk; fluks yang terbakar melindungi cairan las dari udara.\n\n"
        "Sebelum menyalakan mesin, pakai alat pelindung diri (APD): topeng las dengan kaca gelap (minimal nomor 10), "
        "sarung tangan kulit, baju lengan panjang dari katun, dan sepatu keselamatan. "
        "Pastikan kabel massa terpasang kuat pada benda kerja dan tidak ada bahan mudah terbakar dalam jarak 10 meter.\n\n"
        "Untuk elektroda E6013 berdiameter 2,6 mm, arus yang umum dipakai 70–90 ampere. "
        "Arus terlalu kecil membuat elektroda lengket; terlalu besar membuat percikan banyak dan logam berlubang.",
        "Video: menyalakan busur dan membuat jalur las datar",
        "Pegang stang las dengan sudut 70–80 derajat ke arah jalan las. Gores ujung elektroda seperti menyalakan korek api, "
        "lalu angkat sedikit sampai busur stabil, kira-kira setinggi diameter elektroda. "
        "Jalankan elektroda dengan kecepatan tetap. Setelah selesai, tunggu dingin, lalu bersihkan terak dengan palu terak "
        "dan sikat kawat sambil tetap memakai kacamata pelindung.",
        [
            (
                "single",
                "Berapa arus yang umum untuk elektroda E6013 diameter 2,6 mm?",
                [("70–90 ampere", True), ("20–30 ampere", False), ("200–250 ampere", False)],
            ),
            (
                "true_false",
                "Membersihkan terak boleh tanpa kacamata karena mesin sudah mati.",
                [("Benar", False), ("Salah", True)],
            ),
            (
                "multiple",
                "Mana yang termasuk APD untuk mengelas?",
                [("Topeng las dengan kaca gelap", True), ("Sarung tangan kulit", True), ("Sandal jepit", False)],
            ),
        ],
    ),
    "digital-marketing-umkm": (
        "Mengenal pembeli Anda sebelum beriklan",
        "Pemasaran digital dimulai dari satu pertanyaan: siapa yang membeli produk Anda? "
        "Tulis umur, tempat tinggal, dan kebiasaan mereka. Ibu rumah tangga di kota Anda, misalnya, "
        "lebih sering membuka WhatsApp dan Facebook daripada aplikasi lain.\n\n"
        "Foto produk adalah etalase Anda. Pakai cahaya dari jendela, latar polos, dan foto dari beberapa sisi. "
        "Tulis keterangan yang menjawab: apa ini, berapa harganya, dan bagaimana cara memesan.\n\n"
        "Iklan berbayar sebaiknya dimulai kecil, misalnya Rp20.000 per hari selama lima hari, "
        "untuk satu kota dan satu kelompok umur. Catat berapa pesan yang masuk, lalu ulangi iklan yang paling berhasil.",
        "Video: membuat jadwal unggahan seminggu",
        "Buat jadwal sederhana: dua kali foto produk, satu kali cerita di balik usaha, satu kali testimoni pembeli, "
        "dan satu kali promo dalam seminggu. Unggah pada jam ramai, misalnya pukul 19.00–21.00. "
        "Balas setiap komentar dan pesan dalam hari yang sama: pembeli yang dijawab cepat lebih mungkin membeli.",
        [
            (
                "single",
                "Apa langkah pertama pemasaran digital?",
                [
                    ("Mengenal siapa pembeli produk Anda", True),
                    ("Langsung memasang iklan besar", False),
                    ("Membuat banyak akun palsu", False),
                ],
            ),
            (
                "true_false",
                "Iklan berbayar sebaiknya dimulai dengan anggaran kecil lalu dilihat hasilnya.",
                [("Benar", True), ("Salah", False)],
            ),
            (
                "multiple",
                "Mana yang membuat foto produk lebih baik?",
                [("Cahaya dari jendela", True), ("Latar polos", True), ("Foto buram dari jauh", False)],
            ),
        ],
    ),
    "toko-online-pemula": (
        "Membuka toko di marketplace",
        "Untuk membuka toko di marketplace Anda perlu nomor HP aktif, email, dan rekening bank atau dompet digital "
        "atas nama sendiri. Pilih nama toko yang mudah diingat dan sesuai dengan barang yang dijual.\n\n"
        "Setiap produk perlu judul yang jelas (jenis, merek, ukuran), foto yang terang, harga, berat untuk ongkos kirim, "
        "dan stok yang benar. Stok yang salah membuat pesanan dibatalkan dan nilai toko turun.\n\n"
        "Kirim pesanan secepatnya, paling lambat sesuai batas waktu marketplace, dan bungkus barang dengan rapi.",
        "Video: mengatur stok dan membalas pembeli",
        "Catat stok setiap sore: barang masuk, barang terjual, dan sisa. Samakan angka di aplikasi dengan barang di rak. "
        "Saat pembeli bertanya, jawab dengan sopan dan jelas. Jika barang habis, katakan terus terang dan tawarkan pilihan lain.",
        [
            (
                "single",
                "Mengapa stok di aplikasi harus sama dengan barang yang ada?",
                [
                    ("Agar pesanan tidak dibatalkan dan nilai toko tidak turun", True),
                    ("Agar ongkos kirim gratis", False),
                    ("Tidak ada alasannya", False),
                ],
            ),
            (
                "true_false",
                "Berat barang perlu diisi supaya ongkos kirim dihitung dengan benar.",
                [("Benar", True), ("Salah", False)],
            ),
            (
                "multiple",
                "Apa saja yang perlu ada di setiap produk?",
                [("Judul yang jelas", True), ("Foto yang terang", True), ("Nomor PIN rekening", False)],
            ),
        ],
    ),
    "pembukuan-usaha-kecil": (
        "Memisahkan uang usaha dan uang rumah tangga",
        "Langkah pertama pembukuan adalah memisahkan uang usaha dari uang rumah tangga. "
        "Pakai dompet atau rekening sendiri untuk usaha, dan bayar diri Anda gaji tetap setiap minggu.\n\n"
        "Catat setiap uang masuk (penjualan) dan uang keluar (bahan, sewa, listrik, ongkos) pada hari yang sama, "
        "di buku atau di aplikasi. Simpan nota.\n\n"
        "Untung dihitung begini: penjualan dikurangi semua biaya pada periode yang sama. "
        "Jika penjualan sebulan Rp6.000.000 dan biaya Rp4.500.000, untungnya Rp1.500.000.",
        "Video: mengisi buku kas harian",
        "Buku kas punya kolom tanggal, keterangan, uang masuk, uang keluar, dan saldo. "
        "Saldo hari ini sama dengan saldo kemarin ditambah uang masuk dikurangi uang keluar. "
        "Di akhir hari, hitung uang tunai di laci: jumlahnya harus sama dengan saldo di buku.",
        [
            (
                "single",
                "Penjualan sebulan Rp6.000.000 dan biaya Rp4.500.000. Berapa untungnya?",
                [("Rp1.500.000", True), ("Rp10.500.000", False), ("Rp4.500.000", False)],
            ),
            (
                "true_false",
                "Uang usaha sebaiknya dicampur dengan uang belanja rumah tangga.",
                [("Benar", False), ("Salah", True)],
            ),
            (
                "multiple",
                "Mana yang termasuk uang keluar usaha?",
                [("Beli bahan baku", True), ("Bayar listrik tempat usaha", True), ("Uang hasil penjualan", False)],
            ),
        ],
    ),
    "cv-dan-wawancara": (
        "CV satu halaman yang dibaca perekrut",
        "Perekrut membaca CV dalam waktu singkat. Buat satu halaman: nama, nomor HP, email, kota, "
        "pengalaman kerja terbaru di atas, pendidikan, keterampilan, dan sertifikat.\n\n"
        'Tulis hasil kerja, bukan hanya tugas. Misalnya: "Mengoperasikan mesin jahit industri, 300 potong per hari, '
        'cacat di bawah 2%". Sesuaikan CV dengan lowongan: pakai kata-kata yang ada di iklan lowongan.\n\n'
        "Foto, tanggal lahir, dan agama tidak wajib kecuali diminta.",
        "Video: menjawab pertanyaan wawancara",
        "Latih jawaban untuk tiga pertanyaan yang hampir selalu ditanyakan: ceritakan tentang diri Anda, "
        "mengapa melamar di sini, dan apa kelemahan Anda. Jawab singkat dengan contoh nyata dari pekerjaan sebelumnya. "
        "Datang 15 menit lebih awal, berpakaian rapi, dan bawa salinan CV serta sertifikat.",
        [
            (
                "single",
                "Berapa panjang CV yang dianjurkan untuk pelamar pemula?",
                [("Satu halaman", True), ("Sepuluh halaman", False), ("Tidak perlu CV", False)],
            ),
            ("true_false", "Sebaiknya tulis hasil kerja dengan angka jika bisa.", [("Benar", True), ("Salah", False)]),
            (
                "multiple",
                "Apa yang sebaiknya dibawa ke wawancara?",
                [("Salinan CV", True), ("Sertifikat", True), ("Teman untuk menjawab pertanyaan", False)],
            ),
        ],
    ),
    "komunikasi-kerja": (
        "Berbicara jelas dengan atasan dan rekan",
        "Komunikasi yang baik di tempat kerja itu jelas, sopan, dan tepat waktu. "
        "Saat menerima tugas, ulangi dengan kata-kata sendiri untuk memastikan Anda paham: apa, kapan selesai, dan untuk siapa.\n\n"
        "Jika ada masalah, sampaikan cepat dengan fakta dan usul jalan keluar, bukan hanya keluhan. "
        'Misalnya: "Bahan untuk pesanan A kurang 20 meter. Saya usul kita pakai stok dari gudang B."\n\n'
        "Keluhan tentang perlakuan tidak adil bisa disampaikan ke atasan, bagian SDM, atau pengurus serikat di tempat kerja.",
        "Video: bekerja dalam tim",
        "Dalam tim, setiap orang tahu tugasnya dan saling memberi kabar. Dengarkan sampai orang lain selesai bicara. "
        "Beri masukan tentang pekerjaan, bukan tentang pribadi orangnya. Ucapkan terima kasih untuk bantuan sekecil apa pun.",
        [
            (
                "single",
                "Apa yang sebaiknya dilakukan saat menerima tugas?",
                [
                    ("Mengulang tugas dengan kata-kata sendiri untuk memastikan paham", True),
                    ("Diam saja", False),
                    ("Menunda sampai ditanya", False),
                ],
            ),
            (
                "true_false",
                "Saat menyampaikan masalah, sebaiknya sertakan usul jalan keluar.",
                [("Benar", True), ("Salah", False)],
            ),
            (
                "multiple",
                "Ke mana keluhan tentang perlakuan tidak adil bisa disampaikan?",
                [
                    ("Atasan", True),
                    ("Bagian SDM atau pengurus serikat", True),
                    ("Media sosial dengan nama rekan", False),
                ],
            ),
        ],
    ),
    "bahasa-jepang-kerja": (
        "Salam dan perkenalan (jikoshoukai)",
        "Salam sehari-hari: ohayou gozaimasu (selamat pagi), konnichiwa (selamat siang), konbanwa (selamat malam), "
        "arigatou gozaimasu (terima kasih), sumimasen (maaf, permisi).\n\n"
        'Perkenalan diri: "Hajimemashite. (Nama) desu. Indoneshia kara kimashita. Yoroshiku onegaishimasu." '
        "Artinya: Salam kenal. Saya (nama). Saya datang dari Indonesia. Mohon bantuannya.\n\n"
        "Di tempat kerja Jepang, datang tepat waktu dan melapor (houkoku), memberi kabar (renraku), "
        "serta berdiskusi (soudan) dengan atasan sangat dihargai.",
        "Video: angka dan waktu",
        "Angka satu sampai lima: ichi, ni, san, yon, go. Enam sampai sepuluh: roku, nana, hachi, kyuu, juu. "
        'Jam ditulis dengan -ji: ku-ji berarti pukul sembilan. "Ashita ku-ji ni kimasu" berarti besok saya datang pukul sembilan.',
        [
            (
                "single",
                'Apa arti "arigatou gozaimasu"?',
                [("Terima kasih", True), ("Selamat pagi", False), ("Sampai jumpa", False)],
            ),
            (
                "true_false",
                '"Hajimemashite" dipakai saat pertama kali berkenalan.',
                [("Benar", True), ("Salah", False)],
            ),
            (
                "multiple",
                "Mana yang termasuk kebiasaan kerja yang dihargai di Jepang?",
                [("Datang tepat waktu", True), ("Melapor kepada atasan", True), ("Pulang tanpa memberi kabar", False)],
            ),
        ],
    ),
    "menjahit-pakaian": (
        "Mesin jahit industri dan jahitan lurus",
        "Mesin jahit industri berjalan jauh lebih cepat dari mesin rumahan. Atur kecepatan dengan pedal secara perlahan. "
        "Jauhkan jari dari jarum dan pakai pelindung jari bila tersedia.\n\n"
        "Sebelum menjahit, periksa benang atas dan bawah (spul), ukuran jarum yang sesuai kain, dan kerapatan setikan. "
        "Untuk kain katun, kerapatan 10–12 setik per inci umum dipakai.\n\n"
        "Jahitan yang baik lurus, kencangnya rata, dan tidak ada setik yang loncat.",
        "Video: membaca pola dan tanda jahit",
        "Pola memuat garis potong, garis jahit, arah serat kain, dan tanda pertemuan (takik). "
        "Letakkan pola searah serat kain, sematkan, lalu potong pada garis potong. "
        "Periksa hasil setiap beberapa potong: kesalahan kecil di awal menjadi ratusan potong cacat di akhir.",
        [
            (
                "single",
                "Berapa kerapatan setikan yang umum untuk kain katun?",
                [("10–12 setik per inci", True), ("1–2 setik per inci", False), ("40 setik per inci", False)],
            ),
            ("true_false", "Pola diletakkan searah serat kain sebelum dipotong.", [("Benar", True), ("Salah", False)]),
            (
                "multiple",
                "Ciri jahitan yang baik adalah:",
                [("Lurus", True), ("Kencangnya rata", True), ("Ada setik yang loncat", False)],
            ),
        ],
    ),
    "k3-pabrik": (
        "Mengenali bahaya di pabrik",
        "K3 (Keselamatan dan Kesehatan Kerja) diatur dalam UU No. 1 Tahun 1970. "
        "Bahaya di pabrik antara lain mesin berputar, listrik, bahan kimia, kebisingan, dan lantai licin.\n\n"
        "Urutan pengendalian bahaya: hilangkan bahayanya, ganti dengan yang lebih aman, pasang pengaman teknis "
        "(misalnya pelindung mesin), atur cara kerja, dan terakhir pakai alat pelindung diri (APD).\n\n"
        "Jangan membuka pelindung mesin atau memperbaiki mesin yang masih menyala. Matikan dan kunci sumber listriknya dulu.",
        "Video: saat terjadi kecelakaan",
        "Tetap tenang, amankan tempat kejadian, dan matikan mesin bila aman. Panggil petugas P3K dan lapor atasan. "
        "Jangan memindahkan korban yang mungkin patah tulang kecuali ada bahaya lebih besar seperti api. "
        "Setiap kecelakaan dan hampir celaka dicatat supaya tidak terulang.",
        [
            (
                "single",
                "Apa yang harus dilakukan sebelum memperbaiki mesin?",
                [
                    ("Mematikan dan mengunci sumber listriknya", True),
                    ("Mempercepat mesin", False),
                    ("Membuka pelindung saat mesin jalan", False),
                ],
            ),
            (
                "true_false",
                "APD adalah pengendalian bahaya yang pertama dan paling utama.",
                [("Benar", False), ("Salah", True)],
            ),
            (
                "multiple",
                "Mana yang termasuk bahaya di pabrik?",
                [("Mesin berputar", True), ("Lantai licin", True), ("Istirahat makan siang", False)],
            ),
        ],
    ),
    "gudang-logistik": (
        "Menerima dan menyimpan barang",
        "Saat barang datang, cocokkan dengan surat jalan dan pesanan: jenis, jumlah, dan kondisi. "
        "Catat selisih atau kerusakan sebelum menandatangani penerimaan.\n\n"
        "Simpan barang di lokasi yang punya kode rak, dan catat lokasinya. Barang berat di bawah, barang ringan di atas.\n\n"
        "Pakai aturan FIFO (first in, first out): barang yang masuk lebih dulu dikeluarkan lebih dulu. "
        "Untuk barang yang punya tanggal kedaluwarsa, pakai FEFO: yang lebih dulu kedaluwarsa dikeluarkan lebih dulu.",
        "Video: mengambil pesanan dan menghitung stok",
        "Ambil barang sesuai daftar ambil (picking list) dan urutan rak agar jalan tidak bolak-balik. "
        "Pindai atau centang setiap barang. Hitung stok secara berkala (stock opname) dan cocokkan dengan catatan sistem.",
        [
            (
                "single",
                "Apa arti FIFO?",
                [
                    ("Barang yang masuk lebih dulu dikeluarkan lebih dulu", True),
                    ("Barang terbaru dikeluarkan lebih dulu", False),
                    ("Barang disimpan tanpa catatan", False),
                ],
            ),
            ("true_false", "Barang berat sebaiknya disimpan di rak paling atas.", [("Benar", False), ("Salah", True)]),
            (
                "multiple",
                "Apa yang dicocokkan saat menerima barang?",
                [("Jenis dan jumlah", True), ("Kondisi barang", True), ("Warna baju sopir", False)],
            ),
        ],
    ),
    "office-dasar": (
        "Mengetik surat dengan pengolah kata",
        "Surat resmi memuat kop, nomor dan tanggal, alamat tujuan, perihal, isi, dan tanda tangan. "
        "Pakai satu jenis huruf yang mudah dibaca, ukuran 11 atau 12, dan spasi 1,15.\n\n"
        'Simpan dokumen dengan nama yang jelas, misalnya "Surat-Penawaran-2026-11-30". '
        "Sebelum dikirim, simpan juga sebagai PDF supaya tampilannya tidak berubah di komputer lain.\n\n"
        "Jalan pintas yang sering dipakai: Ctrl+C (salin), Ctrl+V (tempel), Ctrl+Z (batalkan), Ctrl+S (simpan).",
        "Video: tabel sederhana dan email kerja",
        "Di lembar kerja, jumlahkan satu kolom dengan rumus =SUM(B2:B10). "
        "Email kerja punya subjek yang jelas, salam, isi singkat, dan nama Anda di akhir. "
        "Periksa lampiran sebelum menekan kirim.",
        [
            (
                "single",
                "Jalan pintas untuk menyimpan dokumen adalah:",
                [("Ctrl+S", True), ("Ctrl+Z", False), ("Ctrl+P", False)],
            ),
            (
                "true_false",
                "Menyimpan surat sebagai PDF membuat tampilannya tetap sama di komputer lain.",
                [("Benar", True), ("Salah", False)],
            ),
            (
                "multiple",
                "Apa yang ada dalam email kerja yang baik?",
                [
                    ("Subjek yang jelas", True),
                    ("Nama pengirim di akhir", True),
                    ("Tanpa subjek dan tanpa salam", False),
                ],
            ),
        ],
    ),
    "usaha-kuliner-rumahan": (
        "Dari resep ke produk yang dijual",
        "Tulis resep baku: bahan dengan takaran pasti, langkah, dan hasil (berapa porsi). "
        "Dengan resep baku, rasa tetap sama dan biaya bisa dihitung.\n\n"
        "Harga jual dihitung dari biaya bahan per porsi, kemasan, gas dan listrik, lalu ditambah keuntungan. "
        "Misalnya biaya Rp6.000 per porsi dan untung 40%: harga jual sekitar Rp8.400.\n\n"
        "Makanan olahan rumahan yang dijual dalam kemasan memerlukan izin SPP-IRT (dulu disebut PIRT) dari pemerintah "
        "kabupaten/kota, diurus lewat OSS setelah punya NIB.",
        "Video: kemasan dan penjualan lewat aplikasi",
        "Kemasan harus bersih, tertutup rapat, dan diberi label: nama produk, berat, tanggal produksi, tanggal kedaluwarsa, "
        "komposisi, dan alamat produsen. Foto produk dengan cahaya terang untuk aplikasi pesan-antar, "
        "dan tulis waktu siap yang jujur.",
        [
            (
                "single",
                "Biaya Rp6.000 per porsi dan untung 40%. Berapa harga jual?",
                [("Rp8.400", True), ("Rp6.040", False), ("Rp24.000", False)],
            ),
            (
                "true_false",
                "Izin SPP-IRT diperlukan untuk makanan olahan rumahan yang dijual dalam kemasan.",
                [("Benar", True), ("Salah", False)],
            ),
            (
                "multiple",
                "Apa saja yang ditulis di label kemasan?",
                [("Tanggal kedaluwarsa", True), ("Komposisi", True), ("Nama pembeli", False)],
            ),
        ],
    ),
}
